import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import { Link as RouterLink, useLocation } from 'react-router';

/** The admin portal's sections, as addresses (a deep link opens the section after login). */
export const ADMIN_SECTIONS = [
  { path: '/admin', label: 'Inicio', description: '' },
  { path: '/admin/cuentas', label: 'Cuentas', description: 'Alta de cuentas para personas registradas, rol y OOAD; deshabilitar, cerrar sesiones y asignar contraseña temporal.' },
  { path: '/admin/estaciones', label: 'Estaciones y lectores', description: 'Estaciones de captura y sus lectores de huella y cámaras (Seleccionar Lector Biométrico).' },
  { path: '/admin/quioscos', label: 'Quioscos', description: 'Vincule un quiosco con el código que muestra su pantalla; desvincule los que ya no se usan.' },
  { path: '/admin/jornadas', label: 'Jornadas', description: 'Horarios, días laborables, tolerancia, límite para falta, y su asignación a cada persona.' },
  { path: '/admin/calendario', label: 'Calendario', description: 'Días de descanso obligatorio (LFT art. 74) e inhábiles de la institución.' },
  { path: '/admin/politica-biometria', label: 'Política de biometría', description: 'Olas de la restricción por falta de biometría: nuevo ingreso de inmediato, existentes por OOAD o fecha de nacimiento.' },
  { path: '/admin/conservacion', label: 'Conservación de datos', description: 'Plazos de conservación por categoría de datos (biométricos, asistencia, bitácora…): el de la política y sus cambios, con motivo y en bitácora.' },
  { path: '/admin/sistema', label: 'Sistema', description: 'Versiones, motores biométricos, umbrales y la tasa de error que significan, base de datos y galería.' },
] as const;

export function AdminNav() {
  const { pathname } = useLocation();
  const current = ADMIN_SECTIONS.find((s) => s.path === pathname.replace(/\/$/, ''))?.path ?? false;
  return (
    <Tabs value={current} aria-label="Secciones de administración" variant="scrollable" allowScrollButtonsMobile sx={{ mb: 3, borderBottom: 1, borderColor: 'divider' }}>
      {ADMIN_SECTIONS.map((s) => (
        <Tab key={s.path} value={s.path} label={s.label} component={RouterLink} to={s.path} />
      ))}
    </Tabs>
  );
}
