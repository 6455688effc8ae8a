import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import type { incapacidadesApi, SignatureResult } from '../../api/incapacidades.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useCamera } from '../pensionado/app/camera.ts';

const STEP_TEXT: Record<string, string> = { 'turn-left': 'Gire la cabeza a su izquierda', 'turn-right': 'Gire la cabeza a su derecha', blink: 'Parpadee', smile: 'Sonría' };
const FRAMES = 40;
const FRAME_MS = 200;

/**
 * Signing with the face: a challenge bound to this person and purpose "firma", 8 seconds of
 * frames while the person does its steps, then 1:1 + challenge + passive PAD on the server.
 */
export function FaceSignature({ api, folio, documentSha256, onSigned }: { api: ReturnType<typeof incapacidadesApi>; folio: string; documentSha256: string; onSigned: (r: SignatureResult) => void }) {
  const { video, ready, error: cameraError, snapshot } = useCamera();
  const [phase, setPhase] = useState<'listo' | 'grabando' | 'enviando'>('listo');
  const [steps, setSteps] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);

  const start = async () => {
    setError(null);
    try {
      const challenge = await api.challenge(folio);
      setSteps(challenge.steps);
      setPhase('grabando');
      const face = snapshot();
      if (!face) throw new Error('La cámara no está lista.');
      const frames: string[] = [];
      for (let i = 0; i < FRAMES; i++) {
        await new Promise((r) => setTimeout(r, FRAME_MS));
        const frame = snapshot();
        if (frame) frames.push(frame);
      }
      setPhase('enviando');
      onSigned(await api.signWithFace(folio, { challengeId: challenge.id, frames, face, documentSha256 }));
    } catch (caught) {
      setError(caught);
    } finally {
      setPhase('listo');
    }
  };

  return (
    <Box sx={{ mt: 2 }}>
      <Typography variant="h2" gutterBottom>
        Firma con su rostro
      </Typography>
      <Box sx={{ maxWidth: 360 }}>
        <video ref={video} playsInline muted style={{ width: '100%', borderRadius: 8, background: '#222' }} />
      </Box>
      {cameraError && <Alert severity="error">{cameraError}</Alert>}
      {phase === 'grabando' && (
        <ol className="steps">
          {steps.map((s) => (
            <li key={s}>{STEP_TEXT[s] ?? s}</li>
          ))}
        </ol>
      )}
      {phase === 'enviando' && <Typography>Revisando y sellando…</Typography>}
      <ErrorAlert error={error} />
      {phase === 'listo' && (
        <Button variant="contained" disabled={!ready} onClick={() => void start()} sx={{ mt: 1 }}>
          Firmar con mi rostro
        </Button>
      )}
    </Box>
  );
}
