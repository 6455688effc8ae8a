import { PortalHome } from '../PortalHome.tsx';

export function AseguradoHome() {
  return (
    <PortalHome
      intro="Desde aquí consultará su NSS, la vigencia de sus derechos, su registro biométrico y sus citas médicas."
      upcoming={[
        { title: 'Vigencia de derechos', description: 'Si tiene derecho hoy a los servicios médicos, y su constancia.' },
        { title: 'Registro biométrico', description: 'Su estado y, si falta, el plazo y cómo completarlo.' },
        { title: 'Citas médicas', description: 'Agendar, cambiar o cancelar citas en su Unidad de Medicina Familiar.' },
      ]}
    />
  );
}
