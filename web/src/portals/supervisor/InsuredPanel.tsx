import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { STATE_LABELS, type Restriction, type StaffInsuredRow } from '../../api/insured.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useSession } from '../../session/SessionProvider.tsx';

type Row = StaffInsuredRow;

/** Asegurados restricted or suspended for lack of biometrics; a supervisor grants an extension with a reason. */
export function InsuredPanel() {
  const { client } = useSession();
  const [state, setState] = useState<'restringido' | 'nss_suspendido' | 'todos'>('restringido');
  const rows = useQuery({ queryKey: ['insured', 'staff', state], queryFn: () => client.get<Row[]>(`/api/insured/staff?state=${state}`) });
  const [extending, setExtending] = useState<string | null>(null);
  const [days, setDays] = useState('15');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);

  async function extend(curp: string) {
    setError(null);
    try {
      const result = await client.post<Restriction>(`/api/insured/people/${curp}/extension`, { days: Number(days), reason });
      setDone(`Prórroga registrada: nuevo plazo ${result.deadline ?? '—'}.`);
      setExtending(null);
      setReason('');
      void rows.refetch();
    } catch (e) {
      setError(e);
    }
  }

  return (
    <Box>
      <TextField select label="Estado" value={state} onChange={(e) => setState(e.target.value as typeof state)} sx={{ minWidth: 240, mb: 2 }}>
        <MenuItem value="restringido">Trámite restringido</MenuItem>
        <MenuItem value="nss_suspendido">NSS suspendido</MenuItem>
        <MenuItem value="todos">Todos</MenuItem>
      </TextField>
      <ErrorAlert error={rows.error ?? error} />
      {done && (
        <Alert severity="success" role="status" sx={{ mb: 2 }}>
          {done}
        </Alert>
      )}
      {rows.data && rows.data.length === 0 && <Alert severity="success">No hay asegurados en ese estado.</Alert>}
      {rows.data && rows.data.length > 0 && (
        <Table size="small" aria-label="Asegurados por estado de restricción">
          <TableHead>
            <TableRow>
              <TableCell>Nombre</TableCell>
              <TableCell>NSS</TableCell>
              <TableCell>OOAD</TableCell>
              <TableCell>Estado</TableCell>
              <TableCell>Plazo</TableCell>
              <TableCell>Prórroga</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.data.map((r) => (
              <TableRow key={r.curp}>
                <TableCell>{r.name}</TableCell>
                <TableCell>{r.nss}</TableCell>
                <TableCell>{r.ooadCode ?? '—'}</TableCell>
                <TableCell>{STATE_LABELS[r.state]}</TableCell>
                <TableCell>{r.deadline ?? '—'}</TableCell>
                <TableCell>
                  {(r.state === 'restringido' || r.state === 'nss_suspendido') && extending !== r.curp && (
                    <Button size="small" onClick={() => setExtending(r.curp)}>
                      Prorrogar
                    </Button>
                  )}
                  {extending === r.curp && (
                    <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
                      <TextField size="small" label="Días" type="number" value={days} onChange={(e) => setDays(e.target.value)} sx={{ width: 90 }} />
                      <TextField size="small" label="Motivo" value={reason} onChange={(e) => setReason(e.target.value)} sx={{ minWidth: 220 }} />
                      <Button size="small" variant="contained" onClick={() => void extend(r.curp)}>
                        Registrar
                      </Button>
                    </Box>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
}
