import { useEffect, useRef, useState } from 'react';

/** The front camera in a <video>, and a JPEG (base64, no prefix) of the current frame on demand. */
export function useCamera() {
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let stream: MediaStream | null = null;
    let cancelled = false;
    navigator.mediaDevices
      ?.getUserMedia({ video: { facingMode: 'user', width: { ideal: 1280 }, height: { ideal: 960 } }, audio: false })
      .then((s) => {
        if (cancelled) return s.getTracks().forEach((t) => t.stop());
        stream = s;
        if (video.current) {
          video.current.srcObject = s;
          void video.current.play().then(() => setReady(true));
        }
      })
      .catch(() => setError('No pudimos usar la cámara. Permita el acceso a la cámara en su teléfono y vuelva a intentar.'));
    if (!navigator.mediaDevices) setError('Este navegador no permite usar la cámara.');
    return () => {
      cancelled = true;
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, []);

  const snapshot = (): string | null => {
    const v = video.current;
    if (!v || !v.videoWidth) return null;
    const canvas = document.createElement('canvas');
    canvas.width = v.videoWidth;
    canvas.height = v.videoHeight;
    canvas.getContext('2d')!.drawImage(v, 0, 0);
    return canvas.toDataURL('image/jpeg', 0.9).split(',')[1];
  };

  return { video, ready, error, snapshot };
}
