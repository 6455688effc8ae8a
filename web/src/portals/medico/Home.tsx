import { PortalHome } from '../PortalHome.tsx';

export function MedicoHome() {
  return (
    <PortalHome
      intro="Desde aquí verá a los pacientes del día que ya se registraron en el quiosco de la clínica."
      upcoming={[
        { title: 'Pacientes del día', description: 'Citas de su consultorio y pacientes que ya llegaron.' },
        { title: 'Incapacidades', description: 'Expedir certificados de incapacidad temporal para el trabajo.' },
      ]}
    />
  );
}
