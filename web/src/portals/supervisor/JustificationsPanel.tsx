import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import CircularProgress from '@mui/material/CircularProgress';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { attendanceApi, INCIDENT_LABELS, type Justification, attachmentUrl } from '../../api/attendance.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useSession } from '../../session/SessionProvider.tsx';
import { instant, longDate } from '../../format/date-time.ts';

const EVENT_LABELS: Record<Justification['history'][number]['event'], string> = {
  solicitada: 'Solicitada',
  aprobada: 'Aprobada',
  rechazada: 'Rechazada',
};

/** Who is who: the staff directory of the reports module, when it could be read. */
export type NameOf = (personId: string) => string | null;

function History({ justification }: { justification: Justification }) {
  return (
    <Box>
      <Typography variant="body2" sx={{ fontWeight: 500 }} id={`history-${justification.id}`}>
        Historial
      </Typography>
      <Box component="ul" sx={{ m: 0, pl: 2.5 }} aria-labelledby={`history-${justification.id}`}>
        {justification.history.map((h) => (
          <Typography component="li" variant="body2" color="text.secondary" key={`${h.event}-${h.at}`}>
            {EVENT_LABELS[h.event]} el {instant(h.at)}
            {h.comment ? ` — «${h.comment}»` : ''}
          </Typography>
        ))}
      </Box>
    </Box>
  );
}

function JustificationCard({
  justification,
  nameOf,
  onDecide,
}: {
  justification: Justification;
  nameOf: NameOf;
  onDecide?: (decision: 'aprobada' | 'rechazada', comment: string) => Promise<void>;
}) {
  const [comment, setComment] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  const [needsReason, setNeedsReason] = useState(false);
  const decide = async (decision: 'aprobada' | 'rechazada') => {
    if (!onDecide) return;
    if (decision === 'rechazada' && !comment.trim()) {
      setNeedsReason(true);
      return;
    }
    setSending(true);
    setError(null);
    try {
      await onDecide(decision, comment.trim());
    } catch (failure) {
      setError(failure);
      setSending(false);
    }
  };
  const name = nameOf(justification.personId);
  return (
    <Card variant="outlined" component="li" sx={{ listStyle: 'none' }} data-testid={`justification-${justification.id}`}>
      <CardContent>
        <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap', mb: 1 }}>
          <Typography variant="h3" component="h3" sx={{ fontSize: '1.1rem', fontWeight: 500 }}>
            {INCIDENT_LABELS[justification.incident]} del {longDate(justification.date)}
          </Typography>
          {justification.status !== 'pendiente' && (
            <Chip size="small" label={justification.status === 'aprobada' ? 'Aprobada' : 'Rechazada'} color={justification.status === 'aprobada' ? 'success' : 'error'} />
          )}
        </Box>
        <Typography variant="body2" sx={{ mb: 1 }}>
          Persona trabajadora: <strong>{name ?? `identificador ${justification.personId.slice(0, 8)}`}</strong>
          {justification.effect === 'convertir_retardo' ? ' · pide que la falta cuente como retardo' : ''}
        </Typography>
        <Typography sx={{ mb: 1 }}>Motivo: «{justification.reason}»</Typography>
        {(justification.attachments ?? []).map((a) => (
          <Typography key={a.id} variant="body2" sx={{ mb: 1 }}>
            Comprobante:{' '}
            <a href={attachmentUrl(justification.id, a.id)} download={a.fileName}>
              {a.fileName}
            </a>{' '}
            ({a.mediaType === 'application/pdf' ? 'PDF' : 'JPEG'}, {Math.max(1, Math.round(a.sizeBytes / 1024))} KB)
          </Typography>
        ))}
        <History justification={justification} />
        {onDecide && (
          <Box sx={{ mt: 2, display: 'flex', gap: 1.5, alignItems: 'flex-start', flexWrap: 'wrap' }}>
            <TextField
              size="small"
              label="Comentario (obligatorio para rechazar)"
              value={comment}
              onChange={(event) => {
                setComment(event.target.value);
                setNeedsReason(false);
              }}
              error={needsReason}
              helperText={needsReason ? 'Indique el motivo del rechazo.' : ' '}
              sx={{ flex: '1 1 280px' }}
              slotProps={{ htmlInput: { maxLength: 1000 } }}
            />
            <Button variant="contained" color="primary" disabled={sending} onClick={() => void decide('aprobada')}>
              Aprobar
            </Button>
            <Button variant="outlined" color="secondary" disabled={sending} onClick={() => void decide('rechazada')}>
              Rechazar
            </Button>
          </Box>
        )}
        {error ? <ErrorAlert error={error} /> : null}
      </CardContent>
    </Card>
  );
}

const PENDING_KEY = ['attendance', 'pending-justifications'] as const;

/** Pending justifications to approve or reject, and what was decided here, with each one's history. */
export function JustificationsPanel({ nameOf }: { nameOf: NameOf }) {
  const { client } = useSession();
  const api = useMemo(() => attendanceApi(client), [client]);
  const queryClient = useQueryClient();
  const loaded = useQuery({ queryKey: PENDING_KEY, queryFn: () => api.pendingJustifications() });
  const pending = loaded.data;
  const error = loaded.error;
  const [decided, setDecided] = useState<Justification[]>([]);

  const decide = async (j: Justification, decision: 'aprobada' | 'rechazada', comment: string) => {
    const result = await api.decide(j.id, { decision, comment: comment || null });
    queryClient.setQueryData<Justification[]>(PENDING_KEY, (list) => (list ?? []).filter((p) => p.id !== j.id));
    setDecided((list) => [result, ...list]);
  };

  if (error) return <ErrorAlert error={error} />;
  if (!pending) {
    return (
      <Box role="status" sx={{ display: 'flex', gap: 2, alignItems: 'center' }}>
        <CircularProgress size={24} aria-label="Cargando" /> <Typography>Cargando justificaciones…</Typography>
      </Box>
    );
  }
  return (
    <Box>
      <Typography variant="h2" gutterBottom>
        Por resolver ({pending.length})
      </Typography>
      {pending.length === 0 ? (
        <Alert severity="info">No hay justificaciones pendientes.</Alert>
      ) : (
        <Box component="ul" sx={{ p: 0, m: 0, display: 'grid', gap: 2 }} aria-label="Justificaciones pendientes">
          {pending.map((j) => (
            <JustificationCard key={j.id} justification={j} nameOf={nameOf} onDecide={(decision, comment) => decide(j, decision, comment)} />
          ))}
        </Box>
      )}
      {decided.length > 0 && (
        <Box sx={{ mt: 4 }}>
          <Typography variant="h2" gutterBottom>
            Resueltas en esta sesión
          </Typography>
          <Box component="ul" sx={{ p: 0, m: 0, display: 'grid', gap: 2 }} aria-label="Justificaciones resueltas">
            {decided.map((j) => (
              <JustificationCard key={j.id} justification={j} nameOf={nameOf} />
            ))}
          </Box>
        </Box>
      )}
    </Box>
  );
}
