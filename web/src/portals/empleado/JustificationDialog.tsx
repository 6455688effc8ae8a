import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState, type FormEvent } from 'react';
import { INCIDENT_LABELS, MAX_ATTACHMENT_BYTES, type Incident } from '../../api/attendance.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { longDate } from '../../format/date-time.ts';

/** Same bounds as JustificationBody on the server. */
const MIN_REASON = 5;
const MAX_REASON = 1000;

export interface ProofFile {
  fileName: string;
  /** base64 data URL */
  content: string;
}

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
  onSubmit: (target: JustificationTarget, reason: string, proof: ProofFile | null) => Promise<void>;
}) {
  const [reason, setReason] = useState('');
  const [proof, setProof] = useState<ProofFile | null>(null);
  const [proofError, setProofError] = useState<string | null>(null);
  const [touched, setTouched] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  const trimmed = reason.trim();
  const invalid = trimmed.length < MIN_REASON;

  const pickProof = (file: File | undefined) => {
    setProofError(null);
    setProof(null);
    if (!file) return;
    if (file.size > MAX_ATTACHMENT_BYTES) {
      setProofError('El comprobante pesa más de 2 MB. Reduzca la imagen o escanee a menor resolución.');
      return;
    }
    const reader = new FileReader();
    reader.onload = () => setProof({ fileName: file.name, content: String(reader.result) });
    reader.readAsDataURL(file);
  };

  const close = () => {
    setReason('');
    setProof(null);
    setProofError(null);
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
      await onSubmit(target, trimmed, proof);
      setReason('');
      setProof(null);
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
          <Box sx={{ mt: 2, display: 'flex', gap: 1.5, alignItems: 'center', flexWrap: 'wrap' }}>
            <Button variant="outlined" component="label">
              Adjuntar comprobante (PDF o JPEG, máx. 2 MB)
              <input hidden type="file" accept="application/pdf,image/jpeg,.pdf,.jpg,.jpeg" onChange={(event) => pickProof(event.target.files?.[0])} />
            </Button>
            {proof && <Typography variant="body2" data-testid="proof-name">{proof.fileName}</Typography>}
          </Box>
          {proofError && (
            <Typography variant="body2" color="error" role="alert" sx={{ mt: 1 }}>
              {proofError}
            </Typography>
          )}
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
