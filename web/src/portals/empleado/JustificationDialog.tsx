import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState, type FormEvent } from 'react';
import { INCIDENT_LABELS, type Incident } from '../../api/attendance.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { longDate } from '../../format/date-time.ts';

/** Same bounds as JustificationBody on the server. */
const MIN_REASON = 5;
const MAX_REASON = 1000;

export interface JustificationTarget {
  date: string;
  incident: Incident;
}

/** Asks for the reason of one incident; the server decides whether it can be justified. */
export function JustificationDialog({
  target,
  onClose,
  onSubmit,
}: {
  target: JustificationTarget | null;
  onClose: () => void;
  onSubmit: (target: JustificationTarget, reason: string) => Promise<void>;
}) {
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  const trimmed = reason.trim();
  const invalid = trimmed.length < MIN_REASON;

  const close = () => {
    setReason('');
    setTouched(false);
    setError(null);
    onClose();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!target || invalid) return;
    setSending(true);
    setError(null);
    try {
      await onSubmit(target, trimmed);
      setReason('');
      setTouched(false);
    } catch (failure) {
      setError(failure);
    } finally {
      setSending(false);
    }
  };

  return (
    <Dialog open={target !== null} onClose={close} fullWidth maxWidth="sm" aria-labelledby="justification-title">
      <form onSubmit={(event) => void submit(event)} noValidate>
        <DialogTitle id="justification-title">Solicitar justificación</DialogTitle>
        <DialogContent>
          {target && (
            <Typography sx={{ mb: 2 }}>
              <strong>{INCIDENT_LABELS[target.incident]}</strong> del {longDate(target.date)}. Su supervisor revisará la solicitud.
            </Typography>
          )}
          <TextField
            label="Motivo"
            name="reason"
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            onBlur={() => setTouched(true)}
            multiline
            minRows={3}
            fullWidth
            required
            autoFocus
            slotProps={{ htmlInput: { maxLength: MAX_REASON } }}
            error={touched && invalid}
            helperText={touched && invalid ? `Escriba el motivo (al menos ${MIN_REASON} caracteres).` : 'Por ejemplo: cita médica en la UMF; entregaré la constancia.'}
          />
          {error ? (
            <Box sx={{ mt: 2 }}>
              <ErrorAlert error={error} />
            </Box>
          ) : null}
        </DialogContent>
        <DialogActions>
          <Button onClick={close}>Cancelar</Button>
          <Button type="submit" variant="contained" disabled={sending}>
            Enviar solicitud
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
