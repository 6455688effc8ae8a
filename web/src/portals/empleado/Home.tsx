import { PortalHome } from '../PortalHome.tsx';

export function EmpleadoHome() {
  return (
    <PortalHome
      intro="Desde aquí consultará su asistencia registrada con huella digital y sus incidencias de cada quincena."
      upcoming={[
        { title: 'Asistencia por quincena', description: 'Entradas y salidas registradas en el quiosco biométrico, día por día.' },
        { title: 'Incidencias', description: 'Retardos, omisiones de registro y justificaciones de cada quincena.' },
        { title: 'Mis registros biométricos', description: 'Qué huellas y fotografía tiene enroladas y cuándo se tomaron.' },
      ]}
    />
  );
}
