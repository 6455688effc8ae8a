import Box from '@mui/material/Box';
import Link from '@mui/material/Link';
import Typography from '@mui/material/Typography';
import { Link as RouterLink } from 'react-router';
import { useInstitution } from './useInstitution.ts';

export function Footer() {
  const institution = useInstitution();
  const external = /^https?:\/\//.test(institution.privacyNoticeUrl);
  return (
    <Box component="footer" sx={{ py: 3, px: 2, mt: 'auto', textAlign: 'center', color: 'text.secondary', borderTop: 1, borderColor: 'divider' }}>
      <Typography variant="body2">
        {institution.name} · SIAP Biométrico: identidad, asistencia y supervivencia biométrica.
      </Typography>
      <Typography variant="body2">
        Sus datos personales están protegidos: cada consulta queda registrada en la bitácora de auditoría.{' '}
        {external ? (
          <Link href={institution.privacyNoticeUrl}>Aviso de privacidad</Link>
        ) : (
          <Link component={RouterLink} to={institution.privacyNoticeUrl}>
            Aviso de privacidad
          </Link>
        )}
      </Typography>
      {institution.helpLine && (
        <Typography variant="body2" data-testid="help-line">
          ¿Necesita ayuda? Llame sin costo al{' '}
          <Link href={`tel:${institution.helpLine.replace(/\s+/g, '')}`}>{institution.helpLine}</Link>
        </Typography>
      )}
    </Box>
  );
}
