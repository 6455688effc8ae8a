import { lazy, Suspense, type ComponentType } from 'react';
import { Route, Routes } from 'react-router';
import { ROLES, type Role } from '../api/auth.ts';
import { LoginPage } from '../auth/LoginPage.tsx';
import { RecoveryPage } from '../auth/RecoveryPage.tsx';
import { PublicLayout } from '../layout/PublicLayout.tsx';
import { PrivacyNoticePage } from '../layout/PrivacyNoticePage.tsx';
import { HomeRedirect } from '../session/HomeRedirect.tsx';
import { RequirePortal } from '../session/RequirePortal.tsx';
import { PORTALS } from '../session/roles.ts';
import { NotFoundPage } from './NotFoundPage.tsx';

/**
 * Each portal is its own chunk (issue 12: a pensioner's phone loads only the shell, the login and
 * its own portal; `web/scripts/bundle-size.test.ts` keeps the first screen under 150 kB gzip).
 */
const EmpleadoHome = lazy(() => import('../portals/empleado/Home.tsx').then((m) => ({ default: m.EmpleadoHome })));
const PensionadoHome = lazy(() => import('../portals/pensionado/Home.tsx').then((m) => ({ default: m.PensionadoHome })));
const PatronHome = lazy(() => import('../portals/patron/Home.tsx').then((m) => ({ default: m.PatronHome })));
const AseguradoHome = lazy(() => import('../portals/asegurado/Home.tsx').then((m) => ({ default: m.AseguradoHome })));
const MedicoHome = lazy(() => import('../portals/medico/Home.tsx').then((m) => ({ default: m.MedicoHome })));
const PrivacidadHome = lazy(() => import('../portals/privacidad/Home.tsx').then((m) => ({ default: m.PrivacidadHome })));
const MisDatosRoute = lazy(() => import('../portals/privacidad/MisDatosRoute.tsx').then((m) => ({ default: m.MisDatosRoute })));
const OperadorHome = lazy(() => import('../portals/operador/Home.tsx').then((m) => ({ default: m.OperadorHome })));
const ClinicProofPage = lazy(() => import('../portals/operador/ClinicProofPage.tsx').then((m) => ({ default: m.ClinicProofPage })));
const EnrollmentPage = lazy(() => import('../portals/operador/EnrollmentPage.tsx').then((m) => ({ default: m.EnrollmentPage })));
const ClinicKioskPage = lazy(() => import('../portals/clinica/ClinicKioskPage.tsx').then((m) => ({ default: m.ClinicKioskPage })));
const ReceptionPage = lazy(() => import('../portals/clinica/ReceptionPage.tsx').then((m) => ({ default: m.ReceptionPage })));
const SupervisorHome = lazy(() => import('../portals/supervisor/Home.tsx').then((m) => ({ default: m.SupervisorHome })));
const AdminHome = lazy(() => import('../portals/admin/Home.tsx').then((m) => ({ default: m.AdminHome })));
const KioskPage = lazy(() => import('../kiosk/KioskPage.tsx').then((m) => ({ default: m.KioskPage })));
const AccountsPage = lazy(() => import('../portals/admin/AccountsPage.tsx').then((m) => ({ default: m.AccountsPage })));
const StationsPage = lazy(() => import('../portals/admin/StationsPage.tsx').then((m) => ({ default: m.StationsPage })));
const KiosksPage = lazy(() => import('../portals/admin/KiosksPage.tsx').then((m) => ({ default: m.KiosksPage })));
const ShiftsPage = lazy(() => import('../portals/admin/ShiftsPage.tsx').then((m) => ({ default: m.ShiftsPage })));
const CalendarPage = lazy(() => import('../portals/admin/CalendarPage.tsx').then((m) => ({ default: m.CalendarPage })));
const PatronWorkersPage = lazy(() => import('../portals/patron/WorkersPage.tsx').then((m) => ({ default: m.WorkersPage })));
const PatronWorkerPage = lazy(() => import('../portals/patron/WorkerPage.tsx').then((m) => ({ default: m.WorkerPage })));
const PatronMovementsPage = lazy(() => import('../portals/patron/MovementsPage.tsx').then((m) => ({ default: m.MovementsPage })));
const PatronContributionsPage = lazy(() => import('../portals/patron/ContributionsPage.tsx').then((m) => ({ default: m.ContributionsPage })));
const RolloutPage = lazy(() => import('../portals/admin/RolloutPage.tsx').then((m) => ({ default: m.RolloutPage })));
const RetentionPage = lazy(() => import('../portals/admin/RetentionPage.tsx').then((m) => ({ default: m.RetentionPage })));
const SystemPage = lazy(() => import('../portals/admin/SystemPage.tsx').then((m) => ({ default: m.SystemPage })));
const OperadorIncapacidadFirmaPage = lazy(() => import('../portals/operador/IncapacidadFirmaPage.tsx').then((m) => ({ default: m.IncapacidadFirmaPage })));
const MedicoIncapacidadesPage = lazy(() => import('../portals/medico/IncapacidadesPage.tsx').then((m) => ({ default: m.IncapacidadesPage })));
const AseguradoIncapacidadesPage = lazy(() => import('../portals/asegurado/IncapacidadesPage.tsx').then((m) => ({ default: m.IncapacidadesPage })));
const PatronIncapacidadesPage = lazy(() => import('../portals/patron/IncapacidadesPage.tsx').then((m) => ({ default: m.IncapacidadesPage })));

/** Each portal's pages; later issues add routes next to `index`. */
const PORTAL_HOMES: Record<Role, ComponentType> = {
  empleado: EmpleadoHome,
  pensionado: PensionadoHome,
  patron: PatronHome,
  asegurado: AseguradoHome,
  operador: OperadorHome,
  supervisor: SupervisorHome,
  admin: AdminHome,
  medico: MedicoHome,
  privacidad: PrivacidadHome,
};

/** Pages of a portal beyond its home, as paths under the portal's own path. */
const PORTAL_PAGES: Partial<Record<Role, Array<{ path: string; Page: ComponentType }>>> = {
  operador: [
    { path: 'enrolamiento', Page: EnrollmentPage },
    { path: 'supervivencia', Page: ClinicProofPage },
    { path: 'firma-incapacidad', Page: OperadorIncapacidadFirmaPage },
    { path: 'quiosco-clinica', Page: ClinicKioskPage },
    { path: 'recepcion', Page: ReceptionPage },
  ],
  patron: [
    { path: 'trabajadores', Page: PatronWorkersPage },
    { path: 'trabajadores/:curp', Page: PatronWorkerPage },
    { path: 'movimientos', Page: PatronMovementsPage },
    { path: 'cuotas', Page: PatronContributionsPage },
    { path: 'incapacidades', Page: PatronIncapacidadesPage },
  ],
  admin: [
    { path: 'cuentas', Page: AccountsPage },
    { path: 'estaciones', Page: StationsPage },
    { path: 'quioscos', Page: KiosksPage },
    { path: 'jornadas', Page: ShiftsPage },
    { path: 'calendario', Page: CalendarPage },
    { path: 'politica-biometria', Page: RolloutPage },
    { path: 'conservacion', Page: RetentionPage },
    { path: 'sistema', Page: SystemPage },
  ],
  medico: [{ path: 'incapacidades', Page: MedicoIncapacidadesPage }],
  asegurado: [{ path: 'incapacidades', Page: AseguradoIncapacidadesPage }],
};

/** A lazily loaded page inside its portal's layout: the layout shows while the page's chunk loads. */
function Lazy({ Page }: { Page: ComponentType }) {
  return (
    <Suspense fallback={null}>
      <Page />
    </Suspense>
  );
}

export function App() {
  return (
    <Routes>
      <Route path="/" element={<HomeRedirect />} />
      <Route path="/kiosco/:stationId?" element={<Lazy Page={KioskPage} />} />
      <Route path="/mis-datos" element={<Lazy Page={MisDatosRoute} />} />
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
            <Route index element={<Lazy Page={Home} />} />
            {(PORTAL_PAGES[role] ?? []).map(({ path, Page }) => (
              <Route key={path} path={path} element={<Lazy Page={Page} />} />
            ))}
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        );
      })}
    </Routes>
  );
}
