import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { lazy, Suspense } from 'react';
import { Navigate, Link as RouterLink, useLocation, useParams } from 'react-router';
import { useDocumentTitle } from '../components/useDocumentTitle.ts';
import { afterLoginPath } from '../session/roles.ts';
import { useSession } from '../session/SessionProvider.tsx';
import { SessionLoading } from '../session/SessionStatusView.tsx';
import { CurpLoginForm } from './CurpLoginForm.tsx';
import { EmployeeLoginForm } from './EmployeeLoginForm.tsx';

export const LOGIN_METHODS = {
  personal: { label: 'Personal IMSS', hint: 'Empleados, operadores, supervisores y administradores: ingrese con su matrícula.' },
  curp: { label: 'Pensionados y patrones', hint: 'Pensionados, asegurados y patrones: ingrese con su CURP.' },
  efirma: {
    label: 'Patrones con e.firma',
    hint: 'Patrones: ingrese con la e.firma del SAT (certificado .cer, clave privada .key y su contraseña). La clave se abre en este navegador y nunca se envía.',
  },
} as const;
type LoginMethod = keyof typeof LOGIN_METHODS;

function isLoginMethod(value: string | undefined): value is LoginMethod {
  return value === 'personal' || value === 'curp' || value === 'efirma';
}

/** The e.firma form and its cryptography (node-forge) load only when the patrón opens its tab. */
const EfirmaLoginForm = lazy(() => import('../portals/patron/efirma/EfirmaLoginForm.tsx').then((m) => ({ default: m.EfirmaLoginForm })));

function LoginForm({ method }: { method: LoginMethod }) {
  if (method === 'personal') return <EmployeeLoginForm />;
  if (method === 'curp') return <CurpLoginForm />;
  return (
    <Suspense fallback={<Typography color="text.secondary">Cargando…</Typography>}>
      <EfirmaLoginForm />
    </Suspense>
  );
}

/** /ingresar/personal and /ingresar/curp: one page, two tabs that are also addresses. */
export function LoginPage() {
  const { method } = useParams();
  const location = useLocation();
  const { state, notice } = useSession();
  useDocumentTitle('Inicio de sesión');

  if (!isLoginMethod(method)) return <Navigate to={`/ingresar/personal${location.search}`} replace state={location.state} />;
  if (state.status === 'loading') return <SessionLoading />;
  if (state.status === 'authenticated') return <Navigate to={afterLoginPath(state.session.role, location)} replace />;

  return (
    <Paper variant="outlined" sx={{ p: { xs: 2.5, sm: 4 } }}>
      <Typography variant="h1" gutterBottom>
        Inicio de sesión
      </Typography>
      {notice && (
        <Alert severity="info" sx={{ mb: 2 }} role="status">
          {notice}
        </Alert>
      )}
      {state.status === 'unavailable' && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {state.message}
        </Alert>
      )}
      <Tabs
        value={method}
        variant="fullWidth"
        aria-label="Tipo de cuenta"
        sx={{ borderBottom: 1, borderColor: 'divider', mb: 3 }}
      >
        {(Object.keys(LOGIN_METHODS) as LoginMethod[]).map((key) => (
          <Tab
            key={key}
            value={key}
            label={LOGIN_METHODS[key].label}
            id={`tab-${key}`}
            aria-controls={`panel-${key}`}
            component={RouterLink}
            to={`/ingresar/${key}${location.search}`}
            state={location.state}
            replace
          />
        ))}
      </Tabs>
      <Box role="tabpanel" id={`panel-${method}`} aria-labelledby={`tab-${method}`}>
        <Typography color="text.secondary" sx={{ mb: 2.5 }}>
          {LOGIN_METHODS[method].hint}
        </Typography>
        <LoginForm method={method} />
      </Box>
      <Typography sx={{ mt: 3, textAlign: 'center' }}>
        <Link component={RouterLink} to="/recuperar">
          ¿Olvidó su contraseña?
        </Link>
      </Typography>
    </Paper>
  );
}
