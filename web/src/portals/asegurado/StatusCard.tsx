import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { BIOMETRIC_LABELS, type InsuredView } from '../../api/insured.ts';

/** NSS, rights status (vigencia) and biometric status, with the documents. */
export function StatusCard({ me }: { me: InsuredView }) {
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="h2" gutterBottom>
          Mis datos
        </Typography>
        <Stack spacing={1}>
          <Typography>
            <strong>NSS:</strong> <span data-testid="nss">{me.nss}</span>
          </Typography>
          <Typography>
            <strong>CURP:</strong> {me.curp}
          </Typography>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <Typography component="span">
              <strong>Vigencia de derechos:</strong>
            </Typography>
            <Chip size="small" color={me.rights.vigente ? 'success' : 'default'} label={me.rights.vigente ? 'Vigente' : 'No vigente'} />
          </Stack>
          <Typography variant="body2" color="text.secondary">
            {me.rights.reason}
            {me.rights.employer ? ` Patrón: ${me.rights.employer}.` : ''}
            {me.rights.umf ? ` UMF: ${me.rights.umf}.` : ''}
          </Typography>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <Typography component="span">
              <strong>Registro biométrico:</strong>
            </Typography>
            <Chip size="small" color={me.biometricStatus === 'registrado' ? 'success' : 'warning'} label={BIOMETRIC_LABELS[me.biometricStatus]} data-testid="biometric-status" />
          </Stack>
          <Typography variant="h3" sx={{ pt: 1 }}>
            Documentos
          </Typography>
          <Link href="/api/constancia" target="_blank" rel="noopener">
            Constancia de vigencia de derechos (PDF firmado)
          </Link>
          <Typography variant="body2" color="text.secondary">
            Incapacidades: aparecerán aquí cuando su médico las expida.
          </Typography>
        </Stack>
      </CardContent>
    </Card>
  );
}
