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
import { biometricsApi, FINGERS } from '../../api/biometrics.ts';
import { pensionClinicApi, type ClinicProofOutcome } from '../../api/pension-clinic.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { ReaderPicker } from '../../components/ReaderPicker.tsx';
import { useDocumentTitle } from '../../components/useDocumentTitle.ts';
import { useReaderPicker } from '../../components/useReaderPicker.ts';
import { longDate } from '../../format/date-time.ts';
import { useSession } from '../../session/SessionProvider.tsx';

/**
 * Proof of life at the clinic (issue 12, item 5): the pensioner who could not prove it from the
 * phone, or prefers the window, puts a finger on the station's reader; the match against their
 * enrolled finger yields the same constancia (folio, QR) as a remote proof.
 */
export function ClinicProofPage() {
  useDocumentTitle('Supervivencia en clínica');
  const { client } = useSession();
  const api = useMemo(() => biometricsApi(client), [client]);
  const clinic = useMemo(() => pensionClinicApi(client), [client]);
  const picker = useReaderPicker();
  const [curp, setCurp] = useState('');
  const [position, setPosition] = useState(2);
  const [file, setFile] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [actionError, setError] = useState<unknown>(null);
  const error = actionError ?? picker.error;
  const [outcome, setOutcome] = useState<ClinicProofOutcome | null>(null);

  const { station, fingerReader: reader } = picker;

  const upload = (chosen: File | undefined) => {
    if (!chosen) return setFile(null);
    const fileReader = new FileReader();
    fileReader.onload = () => setFile(String(fileReader.result).replace(/^data:[^,]*,/, ''));
    fileReader.readAsDataURL(chosen);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!station || !reader) return;
    setBusy(true);
    setError(null);
    setOutcome(null);
    try {
      await api.setReaderConnected(reader.id, true);
      const probe = reader.driver === 'archivo' ? { position, image: file ?? '' } : { position, simulate: {} };
      setOutcome(await clinic.record({ curp: curp.trim().toUpperCase(), stationId: station.id, fingerReaderId: reader.id, fingers: [probe] }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box sx={{ maxWidth: 760 }}>
      <Typography variant="h1" gutterBottom>
        Supervivencia en clínica
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 3 }}>
        La persona pensionada coloca un dedo registrado en el lector de su estación. Si coincide con su registro, se emite la constancia de supervivencia con su folio. Si no coincide, su pago no se suspende: puede intentarlo con otro dedo.
      </Typography>
      <Card variant="outlined">
        <CardContent>
          <Stack component="form" spacing={2} onSubmit={(e) => void submit(e)} aria-label="Comprobación de supervivencia">
            <TextField label="CURP de la persona pensionada" value={curp} onChange={(e) => setCurp(e.target.value)} required slotProps={{ htmlInput: { maxLength: 18, autoCapitalize: 'characters' } }} />
            <ReaderPicker picker={picker}>
              <TextField select label="Dedo" value={position} onChange={(e) => setPosition(Number(e.target.value))}>
                {FINGERS.map((f) => (
                  <MenuItem key={f.position} value={f.position}>
                    {f.label}
                  </MenuItem>
                ))}
              </TextField>
            </ReaderPicker>
            {reader?.driver === 'archivo' && (
              <Button variant="outlined" component="label">
                {file ? 'Imagen de la huella cargada' : 'Cargar la imagen de la huella'}
                <input hidden type="file" accept="image/*,.wsq,image/x-wsq" onChange={(e) => upload(e.target.files?.[0])} />
              </Button>
            )}
            {station && picker.fingerReaders.length === 0 && <Alert severity="warning">Esta estación no tiene lector de huella.</Alert>}
            <Box>
              <Button type="submit" variant="contained" disabled={busy || !reader || curp.trim().length !== 18 || (reader.driver === 'archivo' && !file)}>
                {busy ? 'Comparando…' : 'Comprobar supervivencia'}
              </Button>
            </Box>
          </Stack>
        </CardContent>
      </Card>
      <Box sx={{ mt: 3 }} aria-live="polite">
        <ErrorAlert error={error} />
        {outcome?.outcome === 'aprobada' && outcome.folio && (
          <Alert severity="success">
            Supervivencia comprobada. Folio <strong>{outcome.folio}</strong>
            {outcome.nextDueDate ? `; la próxima comprobación vence el ${longDate(outcome.nextDueDate)}.` : '.'}{' '}
            <Button href={clinic.constanciaUrl(outcome.folio)} download size="small">
              Descargar constancia
            </Button>
          </Alert>
        )}
      </Box>
    </Box>
  );
}
