import { PortalHome } from '../PortalHome.tsx';

export function PensionadoHome() {
  return (
    <PortalHome
      intro="Desde aquí acreditará su supervivencia (fe de vida) para seguir recibiendo su pensión, sin acudir a ventanilla."
      upcoming={[
        { title: 'Fe de vida', description: 'Acreditación de supervivencia con reconocimiento facial y prueba de vida.' },
        { title: 'Constancias', description: 'Descarga de la constancia de supervivencia con firma electrónica.' },
        { title: 'Historial', description: 'Fechas de sus acreditaciones y la próxima fecha límite.' },
      ]}
    />
  );
}
