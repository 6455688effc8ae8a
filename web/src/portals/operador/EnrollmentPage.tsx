import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useMemo, useState, type ReactNode } from 'react';
import { biometricsApi, fullName, type Capture, type CaptureSession, type EnrollmentResult, type Person, type Station, type UnavailableReason } from '../../api/biometrics.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { ReaderPicker } from '../../components/ReaderPicker.tsx';
import { useDocumentTitle } from '../../components/useDocumentTitle.ts';
import { useReaderPicker } from '../../components/useReaderPicker.ts';
import { CameraCapture } from '../../kiosk/CameraCapture.tsx';
import { useSession } from '../../session/SessionProvider.tsx';
import { FingerGrid, type FingerSlot } from './FingerGrid.tsx';
import { PersonStep } from './PersonStep.tsx';
import { ConsentStep } from './ConsentStep.tsx';
import { privacyApi, type Notice } from '../../api/privacy.ts';
import { countOf } from '../../format/plural.ts';

/** The counter with the most readers is the likeliest enrollment station; the operator can change it. */
function likeliestStation(stations: Station[]): string | undefined {
  return [...stations].sort((a, b) => b.readers.length - a.readers.length)[0]?.id;
}

const EMPTY_SLOT: FingerSlot = { capture: null, error: null, busy: false };

const STATUS_LABEL: Record<EnrollmentResult['status'], string> = {
  registrado: 'Registrado',
  pendiente: 'Pendiente de revisión por un supervisor',
  rechazado: 'Rechazado',
  sin_registro: 'Sin registro',
};

/**
 * `/operador/enrolamiento`: the enrollment counter. Person (found or registered against the
 * registry) → station and readers → ten fingers with quality and retake, or a reason why a finger
 * cannot be taken → face from the webcam (or a photo) → completion, which runs the 1:N duplicate
 * search on the server and answers registrado or pendiente.
 */
export function EnrollmentPage() {
  useDocumentTitle('Estación de enrolamiento');
  const { client } = useSession();
  const api = useMemo(() => biometricsApi(client), [client]);
  const privacy = useMemo(() => privacyApi(client), [client]);
  const loadNotice = useMemo(() => () => privacy.notice('simplificado'), [privacy]);
  const [consentNotice, setConsentNotice] = useState<Notice | null>(null);
  const [person, setPerson] = useState<Person | null>(null);
  const picker = useReaderPicker({ defaultStationId: likeliestStation, withCamera: true, optional: true });
  const [session, setSession] = useState<CaptureSession | null>(null);
  const [slots, setSlots] = useState<Record<number, FingerSlot>>({});
  const [face, setFace] = useState<Capture | null>(null);
  const [faceError, setFaceError] = useState<string | null>(null);
  const [result, setResult] = useState<EnrollmentResult | null>(null);
  const [actionError, setError] = useState<unknown>(null);
  const error = actionError ?? picker.error;
  const [busy, setBusy] = useState(false);

  const { station, fingerReader, fingerReaderId, faceReaderId } = picker;

  const reset = (next: Person | null) => {
    setPerson(next);
    setSession(null);
    setSlots({});
    setFace(null);
    setResult(null);
    setError(null);
    setConsentNotice(null);
  };

  const start = async () => {
    if (!person || !station) return;
    setError(null);
    setBusy(true);
    try {
      if (!fingerReaderId && !faceReaderId) throw new Error('Seleccione el lector biométrico antes de iniciar la captura.');
      if (!consentNotice) throw new Error('Registre el consentimiento expreso de la persona antes de capturar.');
      await privacy.attestConsent(person.curp, station.id, consentNotice.version);
      let opened = await api.openSession(person.curp, station.id);
      for (const readerId of [fingerReaderId, faceReaderId].filter(Boolean)) {
        await api.setReaderConnected(readerId, true);
        opened = await api.selectReader(opened.id, readerId);
      }
      setSession(opened);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const updateSlot = (position: number, change: Partial<FingerSlot>) =>
    setSlots((previous) => ({ ...previous, [position]: { ...(previous[position] ?? EMPTY_SLOT), ...change } }));

  const captureFinger = async (position: number, image?: string) => {
    if (!session) return;
    updateSlot(position, { busy: true, error: null });
    try {
      const capture = await api.captureFinger(session.id, position, image ? { image } : {});
      updateSlot(position, { busy: false, capture });
    } catch (failure) {
      // A capture below quality keeps the previous one (the server writes nothing) and says why.
      updateSlot(position, { busy: false, error: failure instanceof Error ? failure.message : String(failure) });
    }
  };

  const markUnavailable = async (position: number, reason: UnavailableReason) => {
    if (!session) return;
    updateSlot(position, { busy: true, error: null });
    try {
      updateSlot(position, { busy: false, capture: await api.markUnavailable(session.id, position, reason) });
    } catch (failure) {
      updateSlot(position, { busy: false, error: failure instanceof Error ? failure.message : String(failure) });
    }
  };

  const captureAllPending = async () => {
    for (let position = 1; position <= 10; position++) if (!slots[position]?.capture) await captureFinger(position);
  };

  const captureFace = async (frame: string) => {
    if (!session) return;
    setFaceError(null);
    setBusy(true);
    try {
      setFace(await api.captureFace(session.id, { frame }));
    } catch (failure) {
      setFaceError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };

  const complete = async () => {
    if (!session) return;
    setError(null);
    setBusy(true);
    try {
      setResult(await api.complete(session.id));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const done = Object.values(slots).filter((s) => s.capture).length;
  const captured = Object.values(slots).filter((s) => s.capture?.status === 'capturada').length;
  const unavailable = done - captured;
  const fingerSummary = `${captured} capturada${captured === 1 ? '' : 's'}${unavailable ? `, ${unavailable} no disponible${unavailable === 1 ? '' : 's'}` : ''}`;

  return (
    <Box>
      <Typography variant="h1" gutterBottom>
        Estación de enrolamiento
      </Typography>
      <Stack spacing={3}>
        <StepCard number={1} title="Persona">
          <PersonStep api={api} person={person} onPerson={reset} />
        </StepCard>

        {person && !result && (
          <StepCard number={2} title="Seleccionar Lector Biométrico">
            <ReaderPicker picker={picker} disabled={!!session} />
            {!session && <ConsentStep loadNotice={loadNotice} attested={consentNotice !== null} onAttested={setConsentNotice} disabled={busy} />}
            {!session && (
              <Button variant="contained" sx={{ mt: 2 }} onClick={() => void start()} disabled={busy || !consentNotice}>
                Iniciar captura
              </Button>
            )}
          </StepCard>
        )}

        {session && !result && fingerReader && (
          <StepCard number={3} title={`Huellas (${done} de 10: ${fingerSummary})`}>
            <Typography color="text.secondary" sx={{ mb: 2 }}>
              Capture cada dedo con el lector seleccionado; si la calidad no es suficiente, el sistema le pedirá recapturar. Si la persona no puede dar un dedo, márquelo como no disponible e indique el motivo.
            </Typography>
            {fingerReader.driver === 'simulado' && (
              <Button variant="outlined" sx={{ mb: 2 }} onClick={() => void captureAllPending()} disabled={busy || done === 10}>
                Capturar los dedos pendientes
              </Button>
            )}
            <FingerGrid slots={slots} fileReader={fingerReader.driver === 'archivo'} onCapture={(p, image) => void captureFinger(p, image)} onUnavailable={(p, r) => void markUnavailable(p, r)} />
          </StepCard>
        )}

        {session && !result && faceReaderId && (
          <StepCard number={4} title="Rostro">
            {face && <Chip color="success" sx={{ mb: 2 }} data-testid="face-quality" label={`Rostro capturado · calidad ${face.quality.score ?? '—'}/100${face.attempts > 1 ? ` · intento ${face.attempts}` : ''}`} />}
            {faceError && (
              <Alert severity="error" sx={{ mb: 2 }} data-testid="face-error">
                {faceError}
              </Alert>
            )}
            <CameraCapture busy={busy} captureLabel={face ? 'Recapturar rostro' : 'Capturar rostro'} onFrame={(frame) => void captureFace(frame)} />
          </StepCard>
        )}

        {session && !result && (
          <Box>
            <Button variant="contained" size="large" onClick={() => void complete()} disabled={busy || (done === 0 && !face)}>
              Concluir enrolamiento
            </Button>
            {done === 0 && !face && (
              <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
                Capture al menos una huella o el rostro para concluir.
              </Typography>
            )}
          </Box>
        )}

        <ErrorAlert error={error} />

        {result && person && (
          <Alert severity={result.status === 'registrado' ? 'success' : 'warning'} data-testid="enrollment-result" sx={{ fontSize: '1.1rem' }}>
            <strong>{STATUS_LABEL[result.status]}</strong> · {fullName(person)} (versión {result.version} del registro biométrico): huellas {fingerSummary}; rostro {face ? 'capturado' : 'no capturado'}.
            {result.status === 'pendiente' &&
              (result.candidates.length === 1
                ? ' Se encontró 1 posible duplicado; un supervisor debe revisarlo.'
                : ` Se encontraron ${countOf(result.candidates.length, 'posible duplicado', 'posibles duplicados')}; un supervisor debe revisarlos.`)}
            <Box sx={{ mt: 1 }}>
              <Button variant="outlined" onClick={() => reset(null)}>
                Enrolar a otra persona
              </Button>
            </Box>
          </Alert>
        )}
      </Stack>
    </Box>
  );
}

function StepCard({ number, title, children }: { number: number; title: string; children: ReactNode }) {
  return (
    <Card variant="outlined" component="section" aria-labelledby={`paso-${number}`}>
      <CardContent>
        <Typography id={`paso-${number}`} variant="h2" gutterBottom>
          {number}. {title}
        </Typography>
        {children}
      </CardContent>
    </Card>
  );
}
