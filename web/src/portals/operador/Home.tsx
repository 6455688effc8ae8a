import { PortalHome } from '../PortalHome.tsx';

export function OperadorHome() {
  return (
    <PortalHome
      intro="Desde aquí atenderá la ventanilla: alta de identidades, enrolamiento biométrico y operación del quiosco."
      upcoming={[
        { title: 'Alta de identidad', description: 'Registro de una persona con validación de CURP, NSS y RFC contra el padrón.' },
        { title: 'Estación de enrolamiento', description: 'Captura de huellas y fotografía con control de calidad.' },
        { title: 'Quiosco de asistencia', description: 'Registro de entradas y salidas con el lector biométrico.' },
      ]}
    />
  );
}
