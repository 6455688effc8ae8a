import Box from '@mui/material/Box';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import TextField from '@mui/material/TextField';
import { Link as RouterLink, useLocation } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import type { Patron } from './usePatron.ts';

/** The patrón portal's sections, as addresses. */
export const PATRON_SECTIONS = [
  { path: '/patron', label: 'Inicio', description: '' },
  { path: '/patron/trabajadores', label: 'Trabajadores', description: 'NSS, CURP, registro biométrico y salario base de cotización de su plantilla; historial, vigencia y constancia de cada persona; exportación CSV.' },
  { path: '/patron/movimientos', label: 'Movimientos', description: 'Alta o reingreso (requiere registro biométrico), modificación de salario y baja con su causa.' },
  { path: '/patron/cuotas', label: 'Cuotas', description: 'Cuotas obrero-patronales del mes por trabajador y ramo, con totales y exportación CSV.' },
] as const;

/** Section tabs and the registro patronal in use (when the employer has more than one). */
export function PatronNav({ patron }: { patron: Patron }) {
  const { pathname } = useLocation();
  const clean = pathname.replace(/\/$/, '');
  const current = [...PATRON_SECTIONS].reverse().find((s) => clean === s.path || (s.path !== '/patron' && clean.startsWith(`${s.path}/`)))?.path ?? false;
  return (
    <Box sx={{ mb: 3 }}>
      <ErrorAlert error={patron.employer.error} />
      <Box sx={{ display: 'flex', gap: 2, alignItems: 'flex-end', flexWrap: 'wrap', borderBottom: 1, borderColor: 'divider' }}>
        <Tabs value={current} aria-label="Secciones del portal del patrón" variant="scrollable" allowScrollButtonsMobile sx={{ flexGrow: 1 }}>
          {PATRON_SECTIONS.map((s) => (
            <Tab key={s.path} value={s.path} label={s.label} component={RouterLink} to={patron.to(s.path)} />
          ))}
        </Tabs>
        {patron.registros.length > 1 && (
          <TextField
            select
            size="small"
            label="Registro patronal"
            value={patron.registro?.registro ?? ''}
            onChange={(e) => patron.selectRegistro(e.target.value)}
            slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
            sx={{ mb: 1, minWidth: 200 }}
          >
            {patron.registros.map((r) => (
              <option key={r.registro} value={r.registro}>
                {r.registro} · {r.subdelegacion}
              </option>
            ))}
          </TextField>
        )}
      </Box>
    </Box>
  );
}
