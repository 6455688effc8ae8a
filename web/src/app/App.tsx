import type { ComponentType } from 'react';
import { Route, Routes } from 'react-router';
import { ROLES, type Role } from '../api/auth.ts';
import { LoginPage } from '../auth/LoginPage.tsx';
import { KioskPage } from '../kiosk/KioskPage.tsx';
import { RecoveryPage } from '../auth/RecoveryPage.tsx';
import { PublicLayout } from '../layout/PublicLayout.tsx';
import { PrivacyNoticePage } from '../layout/PrivacyNoticePage.tsx';
import { AdminHome } from '../portals/admin/Home.tsx';
import { AccountsPage } from '../portals/admin/AccountsPage.tsx';
import { CalendarPage } from '../portals/admin/CalendarPage.tsx';
import { KiosksPage } from '../portals/admin/KiosksPage.tsx';
import { ShiftsPage } from '../portals/admin/ShiftsPage.tsx';
import { StationsPage } from '../portals/admin/StationsPage.tsx';
import { SystemPage } from '../portals/admin/SystemPage.tsx';
import { EmpleadoHome } from '../portals/empleado/Home.tsx';
import { EnrollmentPage } from '../portals/operador/EnrollmentPage.tsx';
import { OperadorHome } from '../portals/operador/Home.tsx';
import { PatronHome } from '../portals/patron/Home.tsx';
import { PensionadoHome } from '../portals/pensionado/Home.tsx';
import { SupervisorHome } from '../portals/supervisor/Home.tsx';
import { HomeRedirect } from '../session/HomeRedirect.tsx';
import { RequirePortal } from '../session/RequirePortal.tsx';
import { PORTALS } from '../session/roles.ts';
import { NotFoundPage } from './NotFoundPage.tsx';

/** Each portal's pages; later issues add routes next to `index`. */
const PORTAL_HOMES: Record<Role, ComponentType> = {
  empleado: EmpleadoHome,
  pensionado: PensionadoHome,
  patron: PatronHome,
  operador: OperadorHome,
  supervisor: SupervisorHome,
  admin: AdminHome,
};

/** Pages of a portal beyond its home, as paths under the portal's own path. */
const PORTAL_PAGES: Partial<Record<Role, Array<{ path: string; Page: ComponentType }>>> = {
  operador: [{ path: 'enrolamiento', Page: EnrollmentPage }],
  admin: [
    { path: 'cuentas', Page: AccountsPage },
    { path: 'estaciones', Page: StationsPage },
    { path: 'quioscos', Page: KiosksPage },
    { path: 'jornadas', Page: ShiftsPage },
    { path: 'calendario', Page: CalendarPage },
    { path: 'sistema', Page: SystemPage },
  ],
};

export function App() {
  return (
    <Routes>
      <Route path="/" element={<HomeRedirect />} />
      <Route path="/kiosco/:stationId?" element={<KioskPage />} />
      <Route element={<PublicLayout />}>
        <Route path="/ingresar" element={<LoginPage />} />
        <Route path="/ingresar/:method" element={<LoginPage />} />
        <Route path="/recuperar" element={<RecoveryPage />} />
        <Route path="/aviso-de-privacidad" element={<PrivacyNoticePage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
      {ROLES.map((role) => {
        const Home = PORTAL_HOMES[role];
        return (
          <Route key={role} path={PORTALS[role].path} element={<RequirePortal role={role} />}>
            <Route index element={<Home />} />
            {(PORTAL_PAGES[role] ?? []).map(({ path, Page }) => (
              <Route key={path} path={path} element={<Page />} />
            ))}
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        );
      })}
    </Routes>
  );
}
