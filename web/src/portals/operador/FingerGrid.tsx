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
import { useState } from 'react';
import { FINGERS, type Capture, type UnavailableReason } from '../../api/biometrics.ts';

export const UNAVAILABLE_REASONS: Array<{ value: UnavailableReason; label: string }> = [
  { value: 'amputacion', label: 'Amputación' },
  { value: 'lesion', label: 'Lesión' },
  { value: 'vendaje', label: 'Vendaje' },
  { value: 'malformacion', label: 'Malformación' },
  { value: 'otro', label: 'Otro' },
];

export interface FingerSlot {
  capture: Capture | null;
  error: string | null;
  busy: boolean;
}

/** The ten fingers, each with its state, its quality and the operator's actions. */
export function FingerGrid({
  slots,
  fileReader,
  onCapture,
  onUnavailable,
}: {
  slots: Record<number, FingerSlot>;
  /** True when the reader takes an image file (driver `archivo`) instead of a live scan. */
  fileReader: boolean;
  onCapture: (position: number, image?: string) => void;
  onUnavailable: (position: number, reason: UnavailableReason) => void;
}) {
  return (
    <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', sm: 'repeat(2, 1fr)', lg: 'repeat(5, 1fr)' } }}>
      {FINGERS.map((finger) => (
        <FingerCard
          key={finger.position}
          label={finger.label}
          position={finger.position}
          slot={slots[finger.position] ?? { capture: null, error: null, busy: false }}
          fileReader={fileReader}
          onCapture={onCapture}
          onUnavailable={onUnavailable}
        />
      ))}
    </Box>
  );
}

function FingerCard({
  label,
  position,
  slot,
  fileReader,
  onCapture,
  onUnavailable,
}: {
  label: string;
  position: number;
  slot: FingerSlot;
  fileReader: boolean;
  onCapture: (position: number, image?: string) => void;
  onUnavailable: (position: number, reason: UnavailableReason) => void;
}) {
  const [marking, setMarking] = useState(false);
  const [reason, setReason] = useState<UnavailableReason>('lesion');
  const { capture, error, busy } = slot;
  const captured = capture?.status === 'capturada';
  const unavailable = capture?.status === 'no_disponible';

  const upload = (file: File | undefined) => {
    if (!file) return;
    const reader = new FileReader();
    reader.onload = () => onCapture(position, String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.readAsDataURL(file);
  };

  return (
    <Card variant="outlined" data-testid={`finger-${position}`} component="section" aria-label={label}>
      <CardContent>
        <Typography variant="h3" sx={{ fontSize: '1rem', fontWeight: 600 }} gutterBottom>
          {position}. {label}
        </Typography>
        <Box sx={{ minHeight: 52, mb: 1 }}>
          {busy && <Chip size="small" label="Capturando…" />}
          {!busy && captured && (
            <>
              <Chip size="small" color="success" label="Capturada" />
              <Typography variant="body2" sx={{ mt: 0.5 }}>
                Calidad {capture.quality.score ?? '—'}/100{capture.attempts > 1 ? ` · intento ${capture.attempts}` : ''}
              </Typography>
            </>
          )}
          {!busy && unavailable && (
            <Chip size="small" color="default" label={`No disponible: ${UNAVAILABLE_REASONS.find((r) => r.value === capture.reason)?.label ?? capture.reason}`} />
          )}
          {!busy && !capture && <Chip size="small" variant="outlined" label="Pendiente" />}
        </Box>
        {error && (
          <Alert severity="error" sx={{ mb: 1, py: 0 }}>
            {error}
          </Alert>
        )}
        {marking ? (
          <Stack spacing={1}>
            <TextField select size="small" label="Motivo" value={reason} onChange={(e) => setReason(e.target.value as UnavailableReason)}>
              {UNAVAILABLE_REASONS.map((r) => (
                <MenuItem key={r.value} value={r.value}>
                  {r.label}
                </MenuItem>
              ))}
            </TextField>
            <Stack direction="row" spacing={1}>
              <Button
                size="small"
                variant="contained"
                onClick={() => {
                  setMarking(false);
                  onUnavailable(position, reason);
                }}
              >
                Confirmar
              </Button>
              <Button size="small" onClick={() => setMarking(false)}>
                Cancelar
              </Button>
            </Stack>
          </Stack>
        ) : (
          <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
            {fileReader ? (
              <Button size="small" variant={captured ? 'outlined' : 'contained'} component="label" disabled={busy}>
                {captured ? 'Recapturar' : 'Cargar imagen'}
                <input hidden type="file" accept="image/*,.wsq,image/x-wsq" onChange={(e) => upload(e.target.files?.[0])} />
              </Button>
            ) : (
              <Button size="small" variant={captured ? 'outlined' : 'contained'} onClick={() => onCapture(position)} disabled={busy} aria-label={`${captured ? 'Recapturar' : 'Capturar'} ${label.toLowerCase()}`}>
                {captured ? 'Recapturar' : 'Capturar'}
              </Button>
            )}
            {!unavailable && (
              <Button size="small" onClick={() => setMarking(true)} disabled={busy} aria-label={`Marcar ${label.toLowerCase()} como no disponible`}>
                No disponible
              </Button>
            )}
          </Stack>
        )}
      </CardContent>
    </Card>
  );
}
