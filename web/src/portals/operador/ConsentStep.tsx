import Alert from '@mui/material/Alert';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import Link from '@mui/material/Link';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import type { Notice } from '../../api/privacy.ts';

/**
 * Before the first capture: the simplified notice shown to the person (the integral one a link
 * away) and the operator's attestation that the person gave express consent. The server refuses
 * the session without the recorded consent (403 CONSENT_REQUIRED), whatever this page does.
 */
export function ConsentStep({ loadNotice, attested, onAttested, disabled }: { loadNotice: () => Promise<Notice>; attested: boolean; onAttested: (notice: Notice | null) => void; disabled: boolean }) {
  const loaded = useQuery({ queryKey: ['privacy', 'notice', 'consent-step'], queryFn: loadNotice });
  const notice = loaded.data ?? null;
  const failed = loaded.isError;
  return (
    <Alert severity="info" icon={false} sx={{ mt: 2 }} data-testid="consent-step">
      <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
        Aviso de privacidad y consentimiento para datos biométricos
      </Typography>
      {notice && (
        <Typography variant="body2" sx={{ whiteSpace: 'pre-line', my: 1 }}>
          {notice.text.replace(/`/g, '')}
        </Typography>
      )}
      {failed && <Typography color="error">No se pudo cargar el aviso de privacidad.</Typography>}
      <Link href="/aviso-de-privacidad" target="_blank" rel="noopener">
        Leer el aviso de privacidad integral
      </Link>
      <FormControlLabel
        sx={{ display: 'flex', mt: 1 }}
        control={<Checkbox checked={attested} disabled={disabled || !notice} onChange={(e) => onAttested(e.target.checked ? notice : null)} />}
        label={`La persona leyó (o se le leyó) el aviso${notice ? ` versión ${notice.version}` : ''} y otorga su consentimiento expreso para el tratamiento de sus datos biométricos. Lo atestiguo como operador.`}
      />
    </Alert>
  );
}
