import { PortalHome } from '../PortalHome.tsx';

export function PatronHome() {
  return (
    <PortalHome
      intro="Desde aquí consultará la asistencia y las altas biométricas de las personas trabajadoras de su registro patronal."
      upcoming={[
        { title: 'Personas trabajadoras', description: 'Relación de trabajadores vinculados a su registro patronal.' },
        { title: 'Asistencia', description: 'Reportes de asistencia por quincena de su plantilla.' },
        { title: 'Cumplimiento', description: 'Avisos y constancias de las obligaciones ante el IMSS.' },
      ]}
    />
  );
}
