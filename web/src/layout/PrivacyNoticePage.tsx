import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useDocumentTitle } from '../components/useDocumentTitle.ts';
import { useInstitution } from './useInstitution.ts';

/**
 * The simplified privacy notice (aviso de privacidad simplificado, LGPDPPSO arts. 26–28) the
 * footer links to when the institution did not configure its own (INSTITUTION_PRIVACY_URL).
 */
export function PrivacyNoticePage() {
  const institution = useInstitution();
  useDocumentTitle('Aviso de privacidad');
  return (
    <Paper variant="outlined" sx={{ p: { xs: 2.5, sm: 4 } }}>
      <Typography variant="h1" gutterBottom>
        Aviso de privacidad simplificado
      </Typography>
      <Typography sx={{ mb: 2 }}>
        {institution.name} es responsable del tratamiento de los datos personales que se recaban en SIAP Biométrico: datos de identificación (CURP, NSS, RFC, nombre), datos de contacto y datos biométricos (huellas dactilares y rostro), que son datos personales sensibles.
      </Typography>
      <Typography sx={{ mb: 2 }}>
        Finalidades: verificar su identidad, registrar su asistencia, acreditar su supervivencia y firmar trámites. Los datos biométricos se guardan cifrados y cada consulta de sus datos queda registrada, con quién la hizo y para qué, en una bitácora que no se puede alterar sin que se note.
      </Typography>
      <Typography sx={{ mb: 2 }}>
        No se transfieren sus datos, salvo las excepciones que señala la ley. Puede ejercer sus derechos de acceso, rectificación, cancelación y oposición (ARCO) ante la Unidad de Transparencia de la institución.
      </Typography>
      {institution.helpLine && <Typography sx={{ mb: 2 }}>Informes: {institution.helpLine}.</Typography>}
    </Paper>
  );
}
