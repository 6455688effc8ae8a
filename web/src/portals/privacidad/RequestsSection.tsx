import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { PrivacyRequest, RequestKind, privacyApi } from '../../api/privacy.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';

const KINDS: Array<{ value: RequestKind; label: string }> = [
  { value: 'acceso', label: 'Acceso: quiero conocer mis datos' },
  { value: 'rectificacion', label: 'Rectificación: un dato está mal' },
  { value: 'cancelacion', label: 'Cancelación: que borren mis datos biométricos' },
  { value: 'oposicion', label: 'Oposición: que no usen mis datos biométricos' },
];

const MY_REQUESTS_KEY = ['privacy', 'my-requests'] as const;

export const STATUS_LABEL: Record<PrivacyRequest['status'], string> = { recibida: 'Recibida', procedente: 'Procedente', improcedente: 'Improcedente', ejecutada: 'Atendida' };

/** The person's ARCO requests: file one, see each with its legal due date. */
export function RequestsSection({ api }: { api: ReturnType<typeof privacyApi> }) {
  const queryClient = useQueryClient();
  const requests = useQuery({ queryKey: MY_REQUESTS_KEY, queryFn: () => api.myRequests() });
  const list = requests.data ?? [];
  const [kind, setKind] = useState<RequestKind>('acceso');
  const [description, setDescription] = useState('');
  const [evidence, setEvidence] = useState('');
  const [submitError, setError] = useState<unknown>(null);
  const error = submitError ?? requests.error;

  const submit = async () => {
    setError(null);
    try {
      await api.file({ kind, description, ...(evidence.trim() ? { evidence } : {}) });
      setDescription('');
      setEvidence('');
      await queryClient.invalidateQueries({ queryKey: MY_REQUESTS_KEY });
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <Stack spacing={2}>
      <Typography>La Unidad de Transparencia responde en un máximo de 20 días hábiles y, si procede, lo hace efectivo en los 15 días hábiles siguientes.</Typography>
      <TextField select label="Tipo de solicitud" value={kind} onChange={(e) => setKind(e.target.value as RequestKind)}>
        {KINDS.map((k) => (
          <MenuItem key={k.value} value={k.value}>
            {k.label}
          </MenuItem>
        ))}
      </TextField>
      <TextField label="Describa su solicitud" multiline minRows={2} value={description} onChange={(e) => setDescription(e.target.value)} />
      {kind === 'rectificacion' && <TextField label="Documento que acredita el dato correcto" value={evidence} onChange={(e) => setEvidence(e.target.value)} />}
      <Button variant="contained" sx={{ alignSelf: 'start' }} disabled={description.trim().length < 5} onClick={() => void submit()}>
        Enviar solicitud
      </Button>
      <ErrorAlert error={error} />
      {list.map((r) => (
        <Typography key={r.id} data-testid="my-request">
          <strong>{r.folio}</strong> · {r.kindLabel} · {STATUS_LABEL[r.status]} · recibida {r.receivedOn}, respuesta a más tardar {r.answerDueOn}
          {r.answer ? ` · Respuesta: ${r.answer}` : ''}
        </Typography>
      ))}
    </Stack>
  );
}
