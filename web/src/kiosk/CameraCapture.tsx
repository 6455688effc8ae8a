import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { useEffect, useRef, useState } from 'react';

/**
 * The browser's camera (getUserMedia) with a file upload for when there is no camera or the
 * person refused it. Hands over a JPEG frame as base64, what the `camara_web` reader expects.
 */
export function CameraCapture({
  onFrame,
  onLive,
  busy,
  captureLabel,
}: {
  onFrame: (base64: string) => void;
  /**
   * When given, the capture button hands over a way to take frames from the live camera instead
   * of one frame (the kiosk records a liveness challenge), and no photo can be uploaded.
   */
  onLive?: (snapshot: () => string | null) => void;
  busy: boolean;
  captureLabel: string;
}) {
  const video = useRef<HTMLVideoElement>(null);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => () => stream?.getTracks().forEach((track) => track.stop()), [stream]);
  useEffect(() => {
    if (video.current && stream) {
      video.current.srcObject = stream;
      void video.current.play().catch(() => undefined);
    }
  }, [stream]);

  const start = async () => {
    setProblem(null);
    try {
      if (!navigator.mediaDevices?.getUserMedia) throw new Error('sin cámara');
      setStream(await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: false }));
    } catch {
      setProblem('No fue posible usar la cámara. Permita el acceso a la cámara o cargue una fotografía.');
    }
  };

  /** The camera's current frame as base64 JPEG, or null while it shows nothing. */
  const snapshot = (): string | null => {
    const element = video.current;
    if (!element || element.videoWidth === 0) return null;
    const canvas = document.createElement('canvas');
    canvas.width = element.videoWidth;
    canvas.height = element.videoHeight;
    canvas.getContext('2d')?.drawImage(element, 0, 0);
    return canvas.toDataURL('image/jpeg', 0.92).replace(/^data:[^,]*,/, '');
  };

  const grab = () => {
    const frame = snapshot();
    if (!frame) {
      setProblem('La cámara aún no muestra imagen; espere un momento e intente de nuevo.');
      return;
    }
    if (onLive) onLive(snapshot);
    else onFrame(frame);
  };

  const upload = (file: File | undefined) => {
    if (!file) return;
    const reader = new FileReader();
    reader.onload = () => onFrame(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.readAsDataURL(file);
  };

  return (
    <Stack spacing={1.5}>
      {stream && (
        <Box
          component="video"
          ref={video}
          muted
          playsInline
          aria-label="Vista de la cámara"
          sx={{ width: '100%', maxWidth: 360, borderRadius: 1, bgcolor: 'grey.900' }}
        />
      )}
      {problem && <Alert severity="warning">{problem}</Alert>}
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
        {stream ? (
          <Button variant="contained" onClick={grab} disabled={busy}>
            {captureLabel}
          </Button>
        ) : (
          <Button variant="outlined" onClick={() => void start()} disabled={busy}>
            Encender cámara
          </Button>
        )}
        {!onLive && (
          <Button variant="text" component="label" disabled={busy}>
            Cargar fotografía
            <input hidden type="file" accept="image/jpeg,image/png" onChange={(event) => upload(event.target.files?.[0])} />
          </Button>
        )}
      </Stack>
    </Stack>
  );
}
