import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { findOoad, OOADS } from '@siap/mx-identity';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link as RouterLink } from 'react-router';
import { biometricsApi, FINGERS, type Reader, type Station } from '../api/biometrics.ts';
import { ApiError } from '../api/client.ts';
import { KioskConsent } from './KioskConsent.tsx';
import {
  claimedBy,
  enqueueCheck,
  isUnreachable,
  KioskError,
  CHALLENGE_STEP_TEXT,
  DEVICE_KEY_ID,
  kioskApi,
  kioskKey,
  kioskPairingApi,
  type KioskDevice,
  kioskProblem,
  localIsoTime,
  normalizeMatricula,
  readQueue,
  syncQueue,
  type KioskKey,
  type LivenessChallenge,
  type QueuedCheck,
} from '../api/kiosk.ts';
import { useDocumentTitle } from '../components/useDocumentTitle.ts';
import { useSession } from '../session/SessionProvider.tsx';
import { portalOf } from '../session/roles.ts';
import { SessionLoading } from '../session/SessionStatusView.tsx';
import { CameraCapture } from './CameraCapture.tsx';
import { instant, timeWithSeconds } from '../format/date-time.ts';

/** Kiosks run under an operator or supervisor account (the server has no kiosk role). */
const SYNC_EVERY_MS = 4_000;
/** The recording of a liveness challenge: 8 s at 5 frames per second, as the pensioner's proof of life. */
const CHALLENGE_FRAMES = 40;
const CHALLENGE_FRAME_MS = 200;

type Outcome =
  | { kind: 'registrada'; name: string; time: string; replayed: boolean; method: 'huella' | 'rostro'; reading: 'entrada' | 'salida' | 'repetida' | null }
  | { kind: 'guardada'; who: string; time: string }
  /** `offerFace`: the face is a fallback for this problem (offered only if the matrícula's face is enrolled). */
  | { kind: 'error'; code: string; message: string; offerFace: boolean };

/** Problems of the kiosk itself: another way of reading the person does not help. */
const KEY_PROBLEMS = new Set(['KIOSK_NOT_REGISTERED', 'KIOSK_SIGNATURE_INVALID', 'KIOSK_KEY_NOT_READY']);
const PAIRING_POLL_MS = 3_000;
const READING_LABELS = { entrada: 'Entrada registrada', salida: 'Salida registrada', repetida: 'Lectura repetida (ya estaba registrada)', none: 'Lectura registrada' } as const;

/**
 * Whether the person behind the typed matrícula has a face enrolled: "Usar rostro" is offered
 * only then (a face that was never enrolled cannot help). Asked once typing pauses.
 */
function useFaceEnrolled(pairing: ReturnType<typeof kioskPairingApi>, station: Station, matricula: string, chosenOoad: string): boolean {
  const [enrolled, setEnrolled] = useState(false);
  useEffect(() => {
    setEnrolled(false);
    const digits = matricula.trim();
    const ooadCode = station.ooadCode ?? chosenOoad;
    if (!/^\d{4,12}$/.test(digits) || !ooadCode) return;
    let current = true;
    const timer = setTimeout(() => {
      pairing.faceEnrolled({ matricula: digits, ooadCode: station.ooadCode ? null : ooadCode, stationId: station.id }).then(
        (face) => current && setEnrolled(face),
        () => current && setEnrolled(false),
      );
    }, 300);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [pairing, station, matricula, chosenOoad]);
  return enrolled;
}

/** Problems the person fixes by typing again, not by switching to the face. */
const TYPING_PROBLEMS = new Set(['MATRICULA_INVALID', 'OOAD_REQUIRED', 'MATRICULA_UNKNOWN', 'OOAD_UNKNOWN', 'OOAD_NOT_STATION', 'OFFLINE_NEEDS_MATRICULA', 'KIOSK_KEY_NOT_READY']);
const OOAD_OPTIONS = [...OOADS].sort((a, b) => a.name.localeCompare(b.name, 'es-MX'));
const ooadStorageKey = (stationId: string) => `siap.kiosco.${stationId}.ooad`;

/** The OOAD last chosen at this kiosk, else the operator's own (who opened the kiosk), else none. */
function rememberedOoad(stationId: string, operatorOoad: string | undefined): string {
  try {
    const stored = localStorage.getItem(ooadStorageKey(stationId)) ?? operatorOoad ?? '';
    return findOoad(stored) ? stored : '';
  } catch {
    return '';
  }
}

function rememberOoad(stationId: string, code: string): void {
  try {
    localStorage.setItem(ooadStorageKey(stationId), code);
  } catch {
    // A kiosk that cannot store asks again next time; nothing else depends on it.
  }
}

function ooadLabel(code: string): string {
  const ooad = findOoad(code);
  return ooad ? `${ooad.name} (${ooad.code})` : code;
}

/**
 * `/kiosco`: the full-screen attendance kiosk. The browser becomes a kiosk by pairing: it makes
 * its Ed25519 key, asks for a code, and shows it until an admin approves it in the portal; from
 * then on it runs on a station session with kiosk rights only (no person is logged in here), and
 * leaving it needs a staff login. Employees check in with matrícula + finger (1:1), finger alone
 * (1:N) or, when their face is enrolled, matrícula + face. Readings made while the server is
 * unreachable are kept signed in this browser and sent, each once, when it answers again.
 */
export function KioskPage() {
  const { client, state, logout } = useSession();
  const pairing = useMemo(() => kioskPairingApi(client), [client]);
  const [device, setDevice] = useState<KioskDevice | null | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [requesting, setRequesting] = useState(false);
  useDocumentTitle('Quiosco de asistencia');

  const refresh = useCallback(() => pairing.status().then(setDevice, (failure: unknown) => setError(failure)), [pairing]);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  // While a code waits for the admin, ask every few seconds whether it was approved.
  useEffect(() => {
    if (device?.status !== 'pendiente') return;
    const timer = setInterval(() => void refresh(), PAIRING_POLL_MS);
    return () => clearInterval(timer);
  }, [device?.status, refresh]);
  // A kiosk runs with kiosk rights only: a person's session left open in this browser is closed.
  const paired = device?.status === 'vinculado';
  const personLoggedIn = state.status === 'authenticated';
  useEffect(() => {
    if (paired && personLoggedIn) void logout().catch(() => undefined);
  }, [paired, personLoggedIn, logout]);

  const requestCode = async () => {
    setRequesting(true);
    setError(null);
    try {
      const key = await kioskKey(DEVICE_KEY_ID);
      setDevice(await pairing.requestPairing(key.publicKeySpki));
    } catch (failure) {
      setError(failure);
    } finally {
      setRequesting(false);
    }
  };

  if (device === undefined && !error) return <SessionLoading />;
  if (device?.status === 'vinculado' && device.station && !personLoggedIn) return <Kiosk stationId={device.station.id} />;
  if (device?.status === 'vinculado') return <SessionLoading />;

  const expired = device?.status === 'pendiente' && Date.parse(device.expiresAt) <= Date.now();
  const home = state.status === 'authenticated' ? { to: portalOf(state.session.role).path, label: 'Ir a mi portal' } : { to: '/', label: 'Volver al inicio' };
  return (
    <KioskFrame title="Quiosco de asistencia" exit={home}>
      <Box sx={{ maxWidth: 720 }}>
        {error ? <Alert severity="error" sx={{ mb: 2 }}>{kioskProblem(error).message}</Alert> : null}
        {device?.status === 'pendiente' && !expired ? (
          <Card variant="outlined">
            <CardContent>
              <Typography variant="h2" gutterBottom>
                Código de vinculación
              </Typography>
              <Typography component="p" data-testid="kiosk-pairing-code" sx={{ fontFamily: 'monospace', fontSize: { xs: '2.5rem', md: '4rem' }, letterSpacing: '0.15em', my: 2 }}>
                {device.code}
              </Typography>
              <Typography>
                Pida a un administrador que abra <strong>Portal de administración › Quioscos</strong>, escriba este código y elija la estación. Esta pantalla cambia sola al aprobarse.
              </Typography>
              <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
                El código vence a las {new Date(device.expiresAt).toLocaleTimeString('es-MX', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })} h.
              </Typography>
            </CardContent>
          </Card>
        ) : (
          <Stack spacing={2} sx={{ alignItems: 'flex-start' }}>
            <Alert severity="info">
              {device?.status === 'revocado'
                ? 'Un administrador desvinculó este quiosco. Para usarlo de nuevo, vincúlelo otra vez.'
                : expired
                  ? 'El código de vinculación venció sin aprobarse. Pida uno nuevo.'
                  : 'Este equipo no está vinculado como quiosco de asistencia. El registro de entrada y salida se hace en un quiosco vinculado por un administrador.'}
            </Alert>
            <Button variant="contained" size="large" onClick={() => void requestCode()} disabled={requesting}>
              Vincular este equipo como quiosco
            </Button>
          </Stack>
        )}
      </Box>
    </KioskFrame>
  );
}

/** The paired station, as the kiosk session sees it (its own station only). */
function Kiosk({ stationId }: { stationId: string }) {
  const { client } = useSession();
  const api = useMemo(() => biometricsApi(client), [client]);
  const kiosk = useMemo(() => kioskApi(client), [client]);
  const pairing = useMemo(() => kioskPairingApi(client), [client]);
  const loaded = useQuery({ queryKey: ['kiosk', 'stations'], queryFn: () => api.stations() });
  const stations = loaded.data;
  const loadError = loaded.error ? (loaded.error instanceof Error ? loaded.error.message : String(loaded.error)) : null;

  if (loadError) return <KioskFrame title="Quiosco de asistencia"><Alert severity="error">{loadError}</Alert></KioskFrame>;
  if (!stations) return <KioskFrame title="Quiosco de asistencia"><Typography>Cargando la estación…</Typography></KioskFrame>;
  const station = stations.find((s) => s.id === stationId);
  if (!station) return <KioskFrame title="Quiosco de asistencia"><Alert severity="error">La estación de este quiosco ya no existe; un administrador debe vincularlo de nuevo.</Alert></KioskFrame>;
  return <StationKiosk station={station} api={api} kiosk={kiosk} pairing={pairing} />;
}

function StationKiosk({ station, api, kiosk, pairing }: { station: Station; api: ReturnType<typeof biometricsApi>; kiosk: ReturnType<typeof kioskApi>; pairing: ReturnType<typeof kioskPairingApi> }) {
  const { client } = useSession();
  const [key, setKey] = useState<KioskKey | null>(null);
  const [keyError, setKeyError] = useState<string | null>(null);
  const [fingerReaderId, setFingerReaderId] = useState('');
  const [faceReaderId, setFaceReaderId] = useState('');
  const [matricula, setMatricula] = useState('');
  const [chosenOoad, setChosenOoad] = useState(() => rememberedOoad(station.id, undefined));
  const [position, setPosition] = useState(2);
  const [simulatedPerson, setSimulatedPerson] = useState('');
  const [faceMode, setFaceMode] = useState(false);
  /** The steps of the liveness challenge being recorded, while the person does them. */
  const [challengeSteps, setChallengeSteps] = useState<LivenessChallenge['steps'] | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [keyProblem, setKeyProblem] = useState(false);
  const [online, setOnline] = useState(true);
  const [pending, setPending] = useState(() => readQueue(station.id).length);
  const [sentLater, setSentLater] = useState(0);
  const syncing = useRef(false);
  const [rejected, setRejected] = useState<Array<{ entry: QueuedCheck; message: string }>>([]);
  const [now, setNow] = useState(() => new Date());
  const faceEnrolled = useFaceEnrolled(pairing, station, matricula, chosenOoad);
  // Read when a failure is reported, which may be after the matrícula field was cleared.
  const faceEnrolledRef = useRef(faceEnrolled);
  if (matricula.trim()) faceEnrolledRef.current = faceEnrolled;

  // A file-upload reader is a counter tool (the operator picks an image); a kiosk scans live.
  const fingerReaders = station.readers.filter((r) => r.modality === 'huella' && r.driver !== 'archivo');
  const faceReaders = station.readers.filter((r) => r.modality === 'rostro');
  const fingerReader = fingerReaders.find((r) => r.id === fingerReaderId) ?? null;

  useEffect(() => {
    kioskKey(DEVICE_KEY_ID).then(setKey, () => setKeyError('Este navegador no permite firmar con Ed25519 (WebCrypto); use un navegador actualizado.'));
  }, [station.id]);
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 1_000);
    return () => clearInterval(timer);
  }, []);

  const selectReader = async (reader: Reader | undefined, set: (id: string) => void) => {
    set(reader?.id ?? '');
    if (!reader) return;
    try {
      // The station reports the reader present: the server refuses captures from a disconnected one.
      await api.setReaderConnected(reader.id, true);
    } catch (error) {
      if (!isUnreachable(error)) setOutcome({ kind: 'error', ...kioskProblem(error), offerFace: false });
    }
  };

  /**
   * The staff member the person claims to be, or null for 1:N. A matrícula is unique within an
   * OOAD: the station's when it has one (a kiosk belongs to one workplace), otherwise the one
   * chosen on screen, remembered for this kiosk.
   */
  /** Who is asked for consent at first use: the matrícula typed (1:N has nobody to ask). */
  const consentClaim = (): { matricula: string; ooadCode: string } | null => {
    try {
      return claimed();
    } catch {
      return null;
    }
  };

  const claimed = (): { matricula: string; ooadCode: string } | null => {
    if (!matricula.trim()) return null;
    const normalized = normalizeMatricula(matricula);
    const ooadCode = station.ooadCode ?? chosenOoad;
    if (!ooadCode) throw new KioskError('OOAD_REQUIRED');
    if (!station.ooadCode) rememberOoad(station.id, ooadCode);
    return { matricula: normalized, ooadCode };
  };


  /** The reading right after the server's match: it carries the match's grant (`verificationId`), not a score. */
  const record = async (personId: string, method: 'huella' | 'rostro', verificationId: string | null, capturedAt: string, idempotencyKey: string) => {
    if (!key) throw new KioskError('KIOSK_KEY_NOT_READY');
    if (!verificationId) throw new KioskError(method === 'rostro' ? 'FACE_NO_MATCH' : 'FINGER_NO_MATCH');
    return kiosk.check(key, { idempotencyKey, personId, stationId: station.id, method, verificationId, capturedAt });
  };

  /**
   * A kept capture goes to the server as it was made (matrícula or, for readings queued before it,
   * CURP; finger; time; the sample), signed: the server matches it now and records it at its time.
   */
  const sendQueued = useCallback(
    async (entry: QueuedCheck) => {
      if (!key) throw new KioskError('KIOSK_KEY_NOT_READY');
      const reader = entry.fingerReaderId ?? fingerReaderId;
      if (!reader) throw new KioskError('READER_NOT_SELECTED');
      try {
        await kiosk.checkOffline(key, {
          idempotencyKey: entry.idempotencyKey,
          stationId: entry.stationId,
          matricula: entry.matricula,
          ooadCode: entry.matricula ? (entry.ooadCode ?? null) : undefined,
          curp: entry.matricula ? undefined : entry.curp,
          fingerReaderId: reader,
          position: entry.position,
          capturedAt: entry.capturedAt,
          sample: entry.capture,
        });
      } catch (error) {
        if (error instanceof ApiError && error.code === 'BIOMETRIC_NO_MATCH') {
          throw new Error(`La huella registrada sin conexión (${claimedBy(entry)}) no coincidió con la persona.`, { cause: error });
        }
        throw error;
      }
    },
    [kiosk, key, fingerReaderId],
  );

  const sync = useCallback(async () => {
    // One round at a time: a round that outlasts the interval (the server matches each kept
    // capture, slowly under load) must not be overlapped by another sending the same readings.
    if (!key || syncing.current || readQueue(station.id).length === 0) return;
    syncing.current = true;
    let result: Awaited<ReturnType<typeof syncQueue>>;
    try {
      result = await syncQueue(station.id, key, sendQueued);
    } finally {
      syncing.current = false;
    }
    setOnline(!result.offline);
    if (result.sent > 0) {
      setSentLater((previous) => previous + result.sent);
      // The "saved offline" notice is no longer true once its reading has been sent.
      setOutcome((previous) => (previous?.kind === 'guardada' ? null : previous));
    }
    if (result.rejected.length > 0) setRejected((previous) => [...previous, ...result.rejected]);
    setPending(readQueue(station.id).length);
  }, [key, station.id, sendQueued]);

  useEffect(() => {
    if (pending === 0 || !fingerReaderId) return;
    const timer = setInterval(() => void sync(), SYNC_EVERY_MS);
    return () => clearInterval(timer);
  }, [pending, fingerReaderId, sync]);

  const run = async (attempt: () => Promise<Outcome>, offerFace: boolean) => {
    setBusy(true);
    setOutcome(null);
    try {
      setOutcome(await attempt());
    } catch (error) {
      if (error instanceof ApiError && (error.code === 'KIOSK_NOT_REGISTERED' || error.code === 'KIOSK_SIGNATURE_INVALID')) setKeyProblem(true);
      const problem = kioskProblem(error);
      // The face is the fallback for a finger that did not do (no match, no reader, not enrolled…),
      // not for a typing mistake the person fixes by typing again.
      // Whether the face is enrolled is read when the alert renders: the answer may come after the failure.
      setOutcome({ kind: 'error', ...problem, offerFace: offerFace && faceReaders.length > 0 && !TYPING_PROBLEMS.has(problem.code) && !KEY_PROBLEMS.has(problem.code) });
    } finally {
      setBusy(false);
    }
  };

  const checkWithFinger = () =>
    run(async () => {
      if (!fingerReader) throw new KioskError('READER_NOT_SELECTED');
      const who = claimed();
      const capturedAt = localIsoTime(new Date());
      const idempotencyKey = crypto.randomUUID();
      // The simulated scanner makes the print of whoever the demo says is on the glass; left empty,
      // the server makes the claimed person's own print (1:1) and nobody's in particular for 1:N.
      const onGlass = simulatedPerson.trim().toUpperCase();
      const simulate = fingerReader.driver === 'simulado' ? { simulate: onGlass ? { identity: onGlass } : who ? {} : { identity: 'desconocido' } } : {};
      const finger = { position, ...simulate };
      try {
        let personId: string;
        let name: string;
        let verificationId: string | null;
        if (who) {
          const result = await kiosk.verifyByMatricula({ ...who, stationId: station.id, fingerReaderId: fingerReader.id, fingers: [finger] });
          if (result.decision !== 'coincide') throw new KioskError('FINGER_NO_MATCH');
          ({ personId, verificationId } = result);
          name = result.name ?? '';
        } else {
          const result = await api.identify({ stationId: station.id, fingerReaderId: fingerReader.id, fingers: [finger] });
          const best = result.candidates[0];
          if (result.decision !== 'identificado' || !best?.curp) throw new KioskError('FINGER_NOT_IDENTIFIED');
          ({ personId } = best);
          verificationId = result.verificationId;
          name = '';
        }
        const answer = await record(personId, 'huella', verificationId, capturedAt, idempotencyKey);
        setOnline(true);
        // The next person should not inherit this one's matrícula.
        setMatricula('');
        return { kind: 'registrada', name: name || answer.name || '', time: answer.record.capturedAt, replayed: answer.replayed, method: 'huella', reading: answer.kind ?? null };
      } catch (error) {
        if (!isUnreachable(error) || (error instanceof ApiError && error.status !== 0 && error.status < 500)) throw error;
        setOnline(false);
        if (!who) throw new KioskError('OFFLINE_NEEDS_MATRICULA', { cause: error });
        if (!key) throw error;
        const entry = await enqueueCheck(key, { idempotencyKey, stationId: station.id, ...who, fingerReaderId: fingerReader.id, position, capturedAt, capture: 'simulate' in simulate ? simulate : {} });
        setPending(readQueue(station.id).length);
        setMatricula('');
        return { kind: 'guardada', who: claimedBy(entry), time: capturedAt };
      }
    }, true);

  /** "Usar rostro": the camera of the station (the first one if none was chosen) and the capture panel. */
  const switchToFace = async () => {
    setFaceMode(true);
    if (!faceReaderId && faceReaders[0]) await selectReader(faceReaders[0], setFaceReaderId);
  };

  /**
   * Nobody watches a kiosk, so a face asserts presence (issue 19 item 2): the server issues a
   * challenge for the typed matrícula, the person does its steps in front of the camera while the
   * page records them, and the server decides on the frames (steps, identity, passive PAD).
   */
  const checkWithFace = (snapshot: () => string | null) =>
    run(async () => {
      const reader = faceReaders.find((r) => r.id === faceReaderId);
      if (!reader) throw new KioskError('CAMERA_NOT_SELECTED');
      const who = claimed();
      if (!who) throw new KioskError('FACE_NEEDS_MATRICULA');
      try {
        const challenge = await kiosk.challenge({ ...who, stationId: station.id });
        const face = snapshot();
        if (!face) throw new KioskError('FACE_NEEDS_CAMERA');
        setChallengeSteps(challenge.steps);
        const frames: string[] = [];
        for (let i = 0; i < CHALLENGE_FRAMES; i++) {
          await new Promise((resolve) => setTimeout(resolve, CHALLENGE_FRAME_MS));
          const frame = snapshot();
          if (frame) frames.push(frame);
        }
        setChallengeSteps(null);
        const capturedAt = localIsoTime(new Date());
        const result = await kiosk.verifyByMatricula({ ...who, stationId: station.id, faceReaderId: reader.id, face: { frame: face }, liveness: { challengeId: challenge.id, frames } });
        if (result.decision !== 'coincide') throw new KioskError('FACE_NO_MATCH');
        const answer = await record(result.personId, 'rostro', result.verificationId, capturedAt, crypto.randomUUID());
        setOnline(true);
        setMatricula('');
        setFaceMode(false);
        return { kind: 'registrada', name: result.name ?? answer.name ?? '', time: answer.record.capturedAt, replayed: answer.replayed, method: 'rostro', reading: answer.kind ?? null };
      } catch (error) {
        setChallengeSteps(null);
        // The face is compared with the enrolled face on the server, and a photo is not kept in
        // this browser: without the server the kiosk says so and points to the finger.
        if (!isUnreachable(error) || (error instanceof ApiError && error.status !== 0 && error.status < 500)) throw error;
        setOnline(false);
        throw new KioskError('FACE_OFFLINE', { cause: error });
      }
    }, false);

  return (
    <KioskFrame title={/quiosco/i.test(station.name) ? station.name : `Quiosco de asistencia · ${station.name}`}>
      <Stack direction="row" spacing={1.5} sx={{ mb: 3, alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
        <Typography variant="h2" component="p" data-testid="kiosk-clock" sx={{ fontVariantNumeric: 'tabular-nums', mr: 2 }}>
          {timeWithSeconds(now)}
        </Typography>
        <Chip label={online ? 'Conectado al servidor' : 'Sin conexión: los registros con huella se guardan en este quiosco'} color={online ? 'success' : 'warning'} />
        <Chip data-testid="kiosk-pending" label={`Pendientes de envío: ${pending}`} color={pending > 0 ? 'warning' : 'default'} variant="outlined" />
        {station.ooadCode && <Chip label={`OOAD ${ooadLabel(station.ooadCode)}`} variant="outlined" />}
      </Stack>
      {keyError && <Alert severity="error" sx={{ mb: 2 }}>{keyError}</Alert>}

      <Box sx={{ display: 'grid', gap: 3, gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' }, alignItems: 'start' }}>
        <Card variant="outlined">
          <CardContent>
            <Typography variant="h2" gutterBottom>
              Seleccionar Lector Biométrico
            </Typography>
            {fingerReaders.length === 0 && <Alert severity="warning">Esta estación no tiene lectores de huella; un administrador debe darlos de alta.</Alert>}
            <Stack spacing={2}>
              <TextField select label="Lector de huella" value={fingerReaderId} onChange={(e) => void selectReader(fingerReaders.find((r) => r.id === e.target.value), setFingerReaderId)}>
                <MenuItem value="">Ninguno</MenuItem>
                {fingerReaders.map((r) => (
                  <MenuItem key={r.id} value={r.id}>
                    {r.name}
                  </MenuItem>
                ))}
              </TextField>
              <TextField select label="Cámara (rostro, alternativa)" value={faceReaderId} onChange={(e) => void selectReader(faceReaders.find((r) => r.id === e.target.value), setFaceReaderId)}>
                <MenuItem value="">Ninguna</MenuItem>
                {faceReaders.map((r) => (
                  <MenuItem key={r.id} value={r.id}>
                    {r.name}
                  </MenuItem>
                ))}
              </TextField>
            </Stack>
          </CardContent>
        </Card>

        <Card variant="outlined">
          <CardContent>
            <Typography variant="h2" gutterBottom>
              Registrar entrada o salida
            </Typography>
            <Stack spacing={2}>
              <TextField
                label="Matrícula (opcional)"
                helperText="Con matrícula se compara su huella solo con la suya; sin matrícula el quiosco le busca por su huella."
                value={matricula}
                onChange={(e) => setMatricula(e.target.value)}
                slotProps={{ htmlInput: { inputMode: 'numeric', maxLength: 12, autoComplete: 'off' } }}
              />
              {!station.ooadCode && (
                <TextField
                  select
                  label="OOAD de su matrícula"
                  value={chosenOoad}
                  onChange={(e) => setChosenOoad(e.target.value)}
                  helperText="Este quiosco no tiene OOAD asignada; la matrícula se busca en la OOAD que elija."
                  slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
                >
                  <option value="">Seleccione la OOAD</option>
                  {OOAD_OPTIONS.map((ooad) => (
                    <option key={ooad.code} value={ooad.code}>
                      {ooad.name} ({ooad.code})
                    </option>
                  ))}
                </TextField>
              )}
              <TextField select label="Dedo que coloca" value={position} onChange={(e) => setPosition(Number(e.target.value))}>
                {FINGERS.map((f) => (
                  <MenuItem key={f.position} value={f.position}>
                    {f.label}
                  </MenuItem>
                ))}
              </TextField>
              {fingerReader?.driver === 'simulado' && (
                <TextField
                  label="Lector simulado: CURP de quien coloca el dedo"
                  helperText="Solo en demostración. Vacío: el dedo de la persona de la matrícula."
                  value={simulatedPerson}
                  onChange={(e) => setSimulatedPerson(e.target.value)}
                  slotProps={{ htmlInput: { maxLength: 18 } }}
                />
              )}
              <Stack direction="row" spacing={1.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
                <Button variant="contained" size="large" onClick={() => void checkWithFinger()} disabled={busy || !key}>
                  {busy ? 'Verificando…' : 'Registrar con huella'}
                </Button>
                {faceReaders.length > 0 && faceEnrolled && !faceMode && (
                  <Button variant="outlined" size="large" onClick={() => void switchToFace()} disabled={busy}>
                    Usar rostro
                  </Button>
                )}
              </Stack>
            </Stack>
            {faceMode && (
              <Box sx={{ mt: 3 }} component="section" aria-labelledby="kiosk-face-heading">
                <Typography variant="h3" gutterBottom id="kiosk-face-heading">
                  Con el rostro
                </Typography>
                <Typography variant="body2" sx={{ mb: 1.5 }}>
                  Escriba su matrícula, mire de frente a la cámara y presione «Registrar con rostro». Después siga las indicaciones de la prueba de vida.
                </Typography>
                {challengeSteps && (
                  <Alert severity="info" sx={{ mb: 1.5 }} data-testid="kiosk-challenge">
                    <strong>Prueba de vida:</strong> haga frente a la cámara, en este orden:
                    <Box component="ol" aria-label="Pasos de la prueba de vida" sx={{ my: 0.5, pl: 3 }}>
                      {challengeSteps.map((step) => (
                        <li key={step}>{CHALLENGE_STEP_TEXT[step]}</li>
                      ))}
                    </Box>
                  </Alert>
                )}
                <CameraCapture busy={busy || !key} captureLabel="Registrar con rostro" onFrame={() => undefined} onLive={(snapshot) => void checkWithFace(snapshot)} />
                <Button variant="text" sx={{ mt: 1 }} disabled={busy} onClick={() => setFaceMode(false)}>
                  Volver a la huella
                </Button>
              </Box>
            )}
          </CardContent>
        </Card>
      </Box>

      <Box aria-live="polite" sx={{ mt: 3 }} data-testid="kiosk-outcome">
        {outcome?.kind === 'registrada' && (
          <Alert severity="success" variant="filled" sx={{ fontSize: '1.25rem' }}>
            <Box component="span" data-testid="kiosk-reading-kind" sx={{ display: 'block', fontWeight: 700, fontSize: '1.6rem' }}>
              {READING_LABELS[outcome.reading ?? 'none']}
            </Box>
            {outcome.replayed ? 'Registro ya recibido: ' : 'Registro exitoso: '}
            <strong>{outcome.name}</strong> · {formatTime(outcome.time)} · {outcome.method === 'rostro' ? 'con rostro' : 'con huella'}
          </Alert>
        )}
        {outcome?.kind === 'guardada' && (
          <Alert severity="warning" variant="filled" sx={{ fontSize: '1.25rem' }}>
            Sin conexión: su registro del {formatTime(outcome.time)} ({outcome.who}) quedó guardado y firmado en este quiosco; se enviará y verificará su huella al volver la conexión.
          </Alert>
        )}
        {outcome?.kind === 'error' && (
          <Alert
            severity="error"
            variant="filled"
            role="alert"
            sx={{ fontSize: '1.25rem' }}
            action={
              outcome.offerFace && faceEnrolledRef.current && !faceMode ? (
                <Button color="inherit" variant="outlined" onClick={() => void switchToFace()}>
                  Usar rostro
                </Button>
              ) : undefined
            }
          >
            {outcome.message}
            <Typography component="span" variant="body2" data-testid="kiosk-error-code" sx={{ display: 'block' }}>
              Código: {outcome.code}
            </Typography>
          </Alert>
        )}
        {outcome?.kind === 'error' && outcome.code === 'CONSENT_REQUIRED' && consentClaim() && (
          <KioskConsent client={client} stationId={station.id} who={consentClaim()!} onDone={() => setOutcome(null)} />
        )}
      </Box>
      {sentLater > 0 && (
        <Alert severity="success" sx={{ mt: 2 }} data-testid="kiosk-sent-later">
          Registros guardados sin conexión que ya se enviaron al servidor: {sentLater}
        </Alert>
      )}
      {keyProblem && (
        <Alert severity="warning" sx={{ mt: 3 }}>
          El servidor no reconoce la llave de este quiosco (estación {station.code}): un administrador debe vincularlo de nuevo en Portal de administración › Quioscos.
        </Alert>
      )}
      {rejected.length > 0 && (
        <Alert severity="error" sx={{ mt: 2 }}>
          Registros sin conexión que el servidor rechazó:
          <ul>
            {rejected.map(({ entry, message }) => (
              <li key={entry.idempotencyKey}>
                {claimedBy(entry)} · {formatTime(entry.capturedAt)}: {message}
              </li>
            ))}
          </ul>
        </Alert>
      )}
    </KioskFrame>
  );
}

/** Leaving a paired kiosk goes through the staff login: the kiosk itself has no person's session. */
const LEAVE_KIOSK = { to: '/ingresar/personal', label: 'Salir del quiosco' };

function KioskFrame({ title, children, exit = LEAVE_KIOSK }: { title: string; children: React.ReactNode; exit?: { to: string; label: string } }) {
  return (
    <Box component="main" sx={{ minHeight: '100vh', p: { xs: 2, md: 4 }, bgcolor: 'background.default' }}>
      <Stack direction="row" sx={{ justifyContent: 'space-between', alignItems: 'flex-start', gap: 2 }}>
        <Typography variant="h1" gutterBottom>
          {title}
        </Typography>
        <Button component={RouterLink} to={exit.to} size="small" variant="outlined">
          {exit.label}
        </Button>
      </Stack>
      {children}
    </Box>
  );
}

function formatTime(iso: string): string {
  return Number.isNaN(Date.parse(iso)) ? iso : instant(iso);
}
