import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type ReactNode } from 'react';
import { privacyApi, type Consent } from '../../api/privacy.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useDocumentTitle } from '../../components/useDocumentTitle.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { AccessList } from './AccessList.tsx';
import { RequestsSection } from './RequestsSection.tsx';

/**
 * "Mis datos" (issue 17), for every person with an account: the biometric consent and its
 * withdrawal (consequences first), the complete download (JSON, PDF), "¿Quién consultó mis
 * datos?" and the ARCO requests. The pensioner portal links here.
 */
export function MisDatosPage() {
  useDocumentTitle('Mis datos');
  const { client } = useSession();
  const api = useMemo(() => privacyApi(client), [client]);
  return (
    <Stack spacing={3} sx={{ maxWidth: 960 }}>
      <Typography variant="h1">Mis datos personales</Typography>
      <Typography>
        Aquí puede ver y descargar lo que el Instituto guarda sobre usted, saber quién consultó sus datos y ejercer sus derechos ARCO. Lea el{' '}
        <Link href="/aviso-de-privacidad">aviso de privacidad</Link>.
      </Typography>
      <Section title="Descargar mis datos">
        <Typography sx={{ mb: 2 }}>Identidad, registro biométrico (sin plantillas ni imágenes), asistencia, comprobaciones de supervivencia, firmas, consentimientos y la lista de accesos.</Typography>
        <Stack direction="row" spacing={2}>
          <Button variant="contained" href={api.exportPdfUrl} download>
            Descargar en PDF
          </Button>
          <Button variant="outlined" href={api.exportJsonUrl} download>
            Descargar en JSON
          </Button>
        </Stack>
      </Section>
      <Section title="Mi consentimiento para datos biométricos">
        <ConsentSection api={api} />
      </Section>
      <Section title="¿Quién consultó mis datos?">
        <AccessList api={api} />
      </Section>
      <Section title="Mis solicitudes (derechos ARCO)">
        <RequestsSection api={api} />
      </Section>
    </Stack>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = `seccion-${title.replace(/[^a-z]+/gi, '-').toLowerCase()}`;
  return (
    <Card variant="outlined" component="section" aria-labelledby={id}>
      <CardContent>
        <Typography id={id} variant="h2" gutterBottom>
          {title}
        </Typography>
        {children}
      </CardContent>
    </Card>
  );
}

const MY_CONSENT_KEY = ['privacy', 'my-consent'] as const;

function ConsentSection({ api }: { api: ReturnType<typeof privacyApi> }) {
  const queryClient = useQueryClient();
  const consent = useQuery({ queryKey: MY_CONSENT_KEY, queryFn: () => api.myConsent() });
  const current = consent.data?.current ?? null;
  const consequences = consent.data?.consequences ?? [];
  // The server answers a grant or withdrawal with the consent now in force: it replaces the cached one without another read.
  const setCurrent = (next: Consent) => queryClient.setQueryData(MY_CONSENT_KEY, { consequences, ...consent.data, current: next });
  const [confirming, setConfirming] = useState(false);
  const [understood, setUnderstood] = useState(false);
  const [actionError, setError] = useState<unknown>(null);
  const error = actionError ?? consent.error;

  const act = async (action: 'withdraw' | 'grant') => {
    setError(null);
    try {
      const { version } = await api.notice();
      setCurrent(action === 'withdraw' ? await api.withdraw(version) : await api.grant(version));
      setConfirming(false);
      setUnderstood(false);
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <>
      <Typography data-testid="consent-status" sx={{ mb: 2 }}>
        {current?.granted
          ? `Otorgado el ${new Date(current.recordedAt).toLocaleString('es-MX')} (aviso versión ${current.noticeVersion}).`
          : current
            ? `Revocado el ${new Date(current.recordedAt).toLocaleString('es-MX')}. No usamos sus datos biométricos.`
            : 'No ha otorgado su consentimiento. No usamos datos biométricos suyos.'}
      </Typography>
      {current?.granted && !confirming && (
        <Button variant="outlined" color="warning" onClick={() => setConfirming(true)}>
          Revocar mi consentimiento
        </Button>
      )}
      {current?.granted && confirming && (
        <Alert severity="warning">
          <Typography sx={{ fontWeight: 600 }}>Antes de revocar, considere que:</Typography>
          <ul>
            {consequences.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
          <FormControlLabel control={<Checkbox checked={understood} onChange={(e) => setUnderstood(e.target.checked)} />} label="Entiendo las consecuencias" />
          <Stack direction="row" spacing={2}>
            <Button variant="contained" color="warning" disabled={!understood} onClick={() => void act('withdraw')}>
              Confirmar revocación
            </Button>
            <Button onClick={() => setConfirming(false)}>Cancelar</Button>
          </Stack>
        </Alert>
      )}
      {!current?.granted && (
        <Button variant="outlined" onClick={() => void act('grant')}>
          Otorgar mi consentimiento
        </Button>
      )}
      <ErrorAlert error={error} />
    </>
  );
}
