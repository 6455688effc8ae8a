import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { ApiClient } from '../api/client.ts';
import { privacyApi } from '../api/privacy.ts';

/**
 * First use of the kiosk by a person whose biometric consent is not on record (the server answered
 * CONSENT_REQUIRED): the simplified notice on screen, and "Acepto" records the express consent
 * for this kiosk's station. The person then checks in again.
 */
export function KioskConsent({ client, stationId, who, onDone }: { client: ApiClient; stationId: string; who: { matricula: string; ooadCode: string }; onDone: () => void }) {
  const api = useMemo(() => privacyApi(client), [client]);
  const loaded = useQuery({ queryKey: ['privacy', 'notice', 'simplificado'], queryFn: () => api.notice('simplificado') });
  const notice = loaded.data;
  const [acceptError, setError] = useState<string | null>(null);
  const error = acceptError ?? (loaded.isError ? 'No se pudo cargar el aviso de privacidad.' : null);
  const accept = async () => {
    if (!notice) return;
    try {
      await api.kioskConsent({ ...who, stationId, noticeVersion: notice.version });
      onDone();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  };
  return (
    <Alert severity="info" sx={{ mt: 2, fontSize: '1.1rem' }} data-testid="kiosk-consent">
      <Typography variant="h3" component="h2" gutterBottom>
        Aviso de privacidad
      </Typography>
      {notice && <Typography sx={{ whiteSpace: 'pre-line' }}>{notice.text.replace(/`/g, '')}</Typography>}
      {error && <Typography color="error">{error}</Typography>}
      <Button variant="contained" size="large" sx={{ mt: 2 }} disabled={!notice} onClick={() => void accept()}>
        Acepto que se usen mi rostro y mis huellas
      </Button>
    </Alert>
  );
}
