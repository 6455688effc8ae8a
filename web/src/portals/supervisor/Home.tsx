import { PortalHome } from '../PortalHome.tsx';

export function SupervisorHome() {
  return (
    <PortalHome
      intro="Desde aquí revisará la asistencia de su personal y autorizará las incidencias de cada quincena."
      upcoming={[
        { title: 'Asistencia del personal', description: 'Vista por quincena de las entradas y salidas de su área.' },
        { title: 'Autorización de incidencias', description: 'Revisión y aprobación de justificaciones.' },
        { title: 'Excepciones biométricas', description: 'Casos en que el lector no reconoció a la persona y su resolución.' },
      ]}
    />
  );
}
