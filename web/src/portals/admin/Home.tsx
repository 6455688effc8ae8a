import { PortalHome } from '../PortalHome.tsx';

export function AdminHome() {
  return (
    <PortalHome
      intro="Desde aquí administrará las cuentas de acceso, los roles y la bitácora de auditoría del sistema."
      upcoming={[
        { title: 'Cuentas y roles', description: 'Alta de cuentas de acceso para personas ya registradas y asignación de su rol.' },
        { title: 'Bitácora de auditoría', description: 'Consulta y verificación de la cadena de registros de acceso a datos personales.' },
        { title: 'Configuración', description: 'Umbrales de coincidencia biométrica y parámetros de operación.' },
      ]}
    />
  );
}
