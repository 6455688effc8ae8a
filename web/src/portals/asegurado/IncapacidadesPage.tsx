import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { EVIDENCE_FILES, incapacidadesApi, sha256Hex, type Incapacidad, type SignatureResult } from '../../api/incapacidades.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useDocumentTitle } from '../../components/useDocumentTitle.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { IncapacidadSummary } from '../incapacidades/IncapacidadSummary.tsx';
import { FaceSignature } from './FaceSignature.tsx';

/** The asegurado's certificados: review one (the PDF and its SHA-256), then sign it with the face. */
export function IncapacidadesPage() {
  useDocumentTitle('Mis incapacidades');
  const { client } = useSession();
  const api = useMemo(() => incapacidadesApi(client), [client]);
  const list = useQuery({ queryKey: ['incapacidades', 'mine'], queryFn: api.mine });
  const [reviewing, setReviewing] = useState<Incapacidad | null>(null);

  if (reviewing) return <Review api={api} item={reviewing} onBack={() => { setReviewing(null); void list.refetch(); }} />;
  return (
    <Box>
      <Typography variant="h1" gutterBottom>
        Mis incapacidades
      </Typography>
      <ErrorAlert error={list.error} />
      {list.data?.length === 0 && <Typography>No tiene certificados de incapacidad.</Typography>}
      <Stack spacing={2}>
        {list.data?.map((item) => (
          <Card key={item.folio} variant="outlined">
            <CardContent>
              <IncapacidadSummary item={item} />
              <Stack direction="row" spacing={2} sx={{ mt: 1 }}>
                {item.signature ? (
                  <>
                    <a href={api.signedUrl(item.folio)}>Certificado firmado (PDF)</a>
                    <a href={api.evidenceUrl(item.folio, 'evidence.json')}>Evidencia</a>
                  </>
                ) : (
                  <Button variant="contained" onClick={() => setReviewing(item)}>
                    Revisar y firmar
                  </Button>
                )}
              </Stack>
            </CardContent>
          </Card>
        ))}
      </Stack>
    </Box>
  );
}

function Review({ api, item, onBack }: { api: ReturnType<typeof incapacidadesApi>; item: Incapacidad; onBack: () => void }) {
  const [document, setDocument] = useState<{ url: string; sha256: string } | null>(null);
  const [agreed, setAgreed] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [signed, setSigned] = useState<SignatureResult | null>(null);

  // The hash sent with the signature is of the bytes shown here, computed in the browser.
  const open = async () => {
    setError(null);
    try {
      const response = await fetch(api.documentUrl(item.folio), { credentials: 'same-origin' });
      if (!response.ok) throw new Error('No se pudo abrir el documento.');
      const bytes = await response.arrayBuffer();
      setDocument({ url: URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' })), sha256: await sha256Hex(bytes) });
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <Box>
      <Typography variant="h1" gutterBottom>
        Revisar y firmar
      </Typography>
      <Card variant="outlined" sx={{ mb: 2 }}>
        <CardContent>
          <IncapacidadSummary item={item} />
        </CardContent>
      </Card>
      {!document ? (
        <Button variant="outlined" onClick={() => void open()}>
          Abrir el documento
        </Button>
      ) : (
        <Stack spacing={1}>
          <a href={document.url} target="_blank" rel="noreferrer">
            Ver el certificado (PDF)
          </a>
          <Typography variant="body2" sx={{ wordBreak: 'break-all' }}>
            Huella digital (SHA-256) del documento que revisó: <code>{document.sha256}</code>
          </Typography>
          <FormControlLabel control={<Checkbox checked={agreed} onChange={(e) => setAgreed(e.target.checked)} />} label="Leí el certificado y acepto firmarlo con mi rostro" />
        </Stack>
      )}
      <ErrorAlert error={error} />
      {document && agreed && !signed && <FaceSignature api={api} folio={item.folio} documentSha256={document.sha256} onSigned={setSigned} />}
      {signed && (
        <Alert severity="success" sx={{ mt: 2 }}>
          Firmado. Folio de firma {signed.signatureFolio}, sello de tiempo {signed.timestampedAt}.{' '}
          <a href={api.signedUrl(item.folio)}>Certificado firmado</a> · <a href={signed.verifyPath}>Verificación pública</a> · Evidencia:{' '}
          {EVIDENCE_FILES.map((f) => (
            <a key={f} href={api.evidenceUrl(item.folio, f)} style={{ marginRight: 8 }}>
              {f}
            </a>
          ))}
        </Alert>
      )}
      <Button sx={{ mt: 2 }} onClick={onBack}>
        Volver
      </Button>
    </Box>
  );
}
