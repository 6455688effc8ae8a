import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMemo, useState, type FormEvent } from 'react';
import { biometricsApi, FINGERS, type Reader, type Station } from '../../api/biometrics.ts';
import { incapacidadesApi, sha256Hex, type Incapacidad, type SignatureResult } from '../../api/incapacidades.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { ReaderPicker } from '../../components/ReaderPicker.tsx';
import { useDocumentTitle } from '../../components/useDocumentTitle.ts';
import { useReaderPicker } from '../../components/useReaderPicker.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { IncapacidadSummary } from '../incapacidades/IncapacidadSummary.tsx';

/** A signature binds a finger put on the glass now, so a reader that takes an image file will not do. */
const liveFinger = (reader: Reader) => reader.driver !== 'archivo';
const firstWithFingerReader = (stations: Station[]) => stations.find((s) => s.readers.some((r) => r.modality === 'huella'))?.id;

/**
 * Signing an incapacidad at the clinic (issue 16): the asegurado reads the certificate on the
 * counter's screen and puts a finger on the station's reader; 1:1 against their enrollment, then
 * the evidence is signed and time-stamped as for a signature from the portal.
 */
export function IncapacidadFirmaPage() {
  useDocumentTitle('Firma de incapacidad en clínica');
  const { client } = useSession();
  const biometrics = useMemo(() => biometricsApi(client), [client]);
  const api = useMemo(() => incapacidadesApi(client), [client]);
  const picker = useReaderPicker({ defaultStationId: firstWithFingerReader, fingerReaderFilter: liveFinger });
  const [position, setPosition] = useState(2);
  const [folio, setFolio] = useState('');
  const [item, setItem] = useState<Incapacidad | null>(null);
  const [document, setDocument] = useState<{ url: string; sha256: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [actionError, setError] = useState<unknown>(null);
  const error = actionError ?? picker.error;
  const [signed, setSigned] = useState<SignatureResult | null>(null);

  const { station, fingerReaderId: readerId } = picker;

  const find = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setItem(null);
    setDocument(null);
    setSigned(null);
    try {
      const found = await api.get(folio.trim().toUpperCase());
      setItem(found);
      // The document shown at the counter; its hash, computed here, is what the signature binds.
      const response = await fetch(api.documentUrl(found.folio), { credentials: 'same-origin' });
      if (!response.ok) throw new Error('No se pudo abrir el documento.');
      const bytes = await response.arrayBuffer();
      setDocument({ url: URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' })), sha256: await sha256Hex(bytes) });
    } catch (e) {
      setError(e);
    }
  };

  const sign = async () => {
    if (!item || !document || !station || !readerId) return;
    setBusy(true);
    setError(null);
    try {
      await biometrics.setReaderConnected(readerId, true);
      setSigned(await api.signWithFinger(item.folio, { stationId: station.id, fingerReaderId: readerId, fingers: [{ position, simulate: {} }], documentSha256: document.sha256 }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box sx={{ maxWidth: 860 }}>
      <Typography variant="h1" gutterBottom>
        Firma de incapacidad en clínica
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 3 }}>
        La persona asegurada revisa su certificado en esta pantalla y lo firma colocando un dedo registrado en el lector de la estación.
      </Typography>
      <Stack component="form" direction="row" spacing={2} onSubmit={(e) => void find(e)} aria-label="Buscar certificado" sx={{ mb: 2 }}>
        <TextField label="Folio del certificado" value={folio} onChange={(e) => setFolio(e.target.value)} required />
        <Button type="submit" variant="outlined">
          Buscar
        </Button>
      </Stack>
      {item && (
        <Card variant="outlined">
          <CardContent>
            <IncapacidadSummary item={item} showPatient />
            {document && (
              <Stack spacing={2} sx={{ mt: 2 }}>
                <a href={document.url} target="_blank" rel="noreferrer">
                  Ver el certificado (PDF)
                </a>
                <Typography variant="body2" sx={{ wordBreak: 'break-all' }}>
                  SHA-256 del documento mostrado: <code>{document.sha256}</code>
                </Typography>
                {!item.signature && !signed && (
                  <ReaderPicker picker={picker}>
                    <TextField select label="Dedo" value={position} onChange={(e) => setPosition(Number(e.target.value))}>
                      {FINGERS.map((f) => (
                        <MenuItem key={f.position} value={f.position}>
                          {f.label}
                        </MenuItem>
                      ))}
                    </TextField>
                  </ReaderPicker>
                )}
                {!item.signature && !signed && (
                  <Box>
                    <Button variant="contained" disabled={busy || !readerId} onClick={() => void sign()}>
                      {busy ? 'Comparando y sellando…' : 'Firmar con la huella'}
                    </Button>
                  </Box>
                )}
              </Stack>
            )}
          </CardContent>
        </Card>
      )}
      <Box sx={{ mt: 3 }} aria-live="polite">
        <ErrorAlert error={error} />
        {signed && (
          <Alert severity="success">
            Firmado. Folio de firma <strong>{signed.signatureFolio}</strong>, sello de tiempo {signed.timestampedAt}.{' '}
            <a href={signed.verifyPath}>Verificación pública</a> · <a href={api.signedUrl(signed.folio)}>Certificado firmado (PDF)</a>
          </Alert>
        )}
      </Box>
    </Box>
  );
}
