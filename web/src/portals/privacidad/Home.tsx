import { PortalHome } from '../PortalHome.tsx';

export function PrivacidadHome() {
  return (
    <PortalHome
      intro="Desde aquí la Unidad de Transparencia atenderá las solicitudes de derechos ARCO y los reportes de accesos."
      upcoming={[
        { title: 'Solicitudes ARCO', description: 'Acceso, rectificación, cancelación y oposición, con sus plazos legales.' },
        { title: 'Accesos reportados', description: 'Consultas que las personas no reconocen.' },
      ]}
    />
  );
}
