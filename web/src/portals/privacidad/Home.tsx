import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { privacyApi, type OfficerQueue } from '../../api/privacy.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useDocumentTitle } from '../../components/useDocumentTitle.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { STATUS_LABEL } from './RequestsSection.tsx';

type Row = OfficerQueue['requests'][number];

const QUEUE_KEY = ['privacy', 'officer-queue'] as const;

/** The legal clock as a chip: business days left (LGPDPPSO art. 51), red when late. */
function Clock({ row }: { row: Row }) {
  if (row.businessDaysLeft === null) return <Chip size="small" label="Cerrada" />;
  const late = row.businessDaysLeft < 0;
  const stage = row.status === 'recibida' ? 'responder' : 'ejecutar';
  return <Chip size="small" color={late ? 'error' : row.businessDaysLeft <= 5 ? 'warning' : 'default'} label={late ? `Vencida (${stage}) hace ${-row.businessDaysLeft} días hábiles` : `${row.businessDaysLeft} días hábiles para ${stage}`} />;
}

/** `/privacidad`: the Unidad de Transparencia's queue of ARCO requests and unrecognised-access reports, and legal holds. */
export function PrivacidadHome() {
  useDocumentTitle('Unidad de Transparencia');
  const { client } = useSession();
  const api = useMemo(() => privacyApi(client), [client]);
  const queryClient = useQueryClient();
  const loaded = useQuery({ queryKey: QUEUE_KEY, queryFn: () => api.queue() });
  const queue = loaded.data;
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [hold, setHold] = useState({ curp: '', reason: '' });
  const [actionError, setError] = useState<unknown>(null);
  const error = actionError ?? loaded.error;

  const run = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
      await queryClient.invalidateQueries({ queryKey: QUEUE_KEY });
    } catch (failure) {
      setError(failure);
    }
  };
  const text = (id: string) => texts[id] ?? '';

  return (
    <Stack spacing={3}>
      <Typography variant="h1">Solicitudes de derechos ARCO</Typography>
      <ErrorAlert error={error} />
      <Table size="small" aria-label="Solicitudes">
        <TableHead>
          <TableRow>
            <TableCell>Folio</TableCell>
            <TableCell>Titular</TableCell>
            <TableCell>Solicitud</TableCell>
            <TableCell>Recibida</TableCell>
            <TableCell>Plazo</TableCell>
            <TableCell>Estado</TableCell>
            <TableCell>Respuesta</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {queue?.requests.map((r) => (
            <TableRow key={r.id} data-testid="officer-request">
              <TableCell>{r.folio}</TableCell>
              <TableCell>{r.person ? `${r.person.name} (${r.person.curp})` : '—'}</TableCell>
              <TableCell>
                {r.kindLabel}: {r.description}
                {typeof r.details.evidence === 'string' && <div>Evidencia: {r.details.evidence}</div>}
                {typeof r.details.auditSeq === 'number' && <div>Entrada de bitácora #{r.details.auditSeq}</div>}
              </TableCell>
              <TableCell>{r.receivedOn}</TableCell>
              <TableCell>
                <Clock row={r} />
              </TableCell>
              <TableCell>{STATUS_LABEL[r.status]}</TableCell>
              <TableCell>
                {(r.status === 'recibida' || r.status === 'procedente') && (
                  <Stack spacing={1}>
                    <TextField size="small" label={r.status === 'recibida' ? 'Respuesta y motivos' : 'Nota de ejecución'} value={text(r.id)} onChange={(e) => setTexts({ ...texts, [r.id]: e.target.value })} />
                    {r.status === 'recibida' ? (
                      <Stack direction="row" spacing={1}>
                        <Button size="small" variant="contained" disabled={text(r.id).length < 5} onClick={() => void run(() => api.answer(r.id, 'procedente', text(r.id)))}>
                          Procedente
                        </Button>
                        <Button size="small" disabled={text(r.id).length < 5} onClick={() => void run(() => api.answer(r.id, 'improcedente', text(r.id)))}>
                          Improcedente
                        </Button>
                      </Stack>
                    ) : (
                      <Button size="small" variant="contained" onClick={() => void run(() => api.execute(r.id, text(r.id)))}>
                        Hacer efectiva
                      </Button>
                    )}
                  </Stack>
                )}
                {r.answer && <Typography variant="body2">{r.answer}</Typography>}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>

      <Typography variant="h2">Conservación por causa legal</Typography>
      <Typography>Mientras una conservación esté abierta (p. ej. una firma impugnada), los datos de la persona no se suprimen.</Typography>
      {queue?.holds.map((h) => (
        <Stack key={h.id} direction="row" spacing={2} sx={{ alignItems: 'center' }}>
          <Typography>
            {h.person ? `${h.person.name} (${h.person.curp})` : '—'}: {h.reason}
          </Typography>
          <Button size="small" onClick={() => void run(() => api.releaseHold(h.id))}>
            Liberar
          </Button>
        </Stack>
      ))}
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
        <TextField size="small" label="CURP" value={hold.curp} onChange={(e) => setHold({ ...hold, curp: e.target.value.toUpperCase() })} />
        <TextField size="small" label="Motivo" value={hold.reason} onChange={(e) => setHold({ ...hold, reason: e.target.value })} sx={{ flex: 1 }} />
        <Button variant="outlined" disabled={hold.curp.length !== 18 || hold.reason.length < 5} onClick={() => void run(() => api.placeHold(hold.curp, hold.reason).then(() => setHold({ curp: '', reason: '' })))}>
          Abrir conservación
        </Button>
      </Stack>
    </Stack>
  );
}
