import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import MenuItem from '@mui/material/MenuItem';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { StaffPensionerRow } from '../../api/pension.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useSession } from '../../session/SessionProvider.tsx';

/** One row of GET /api/pension/staff/pensioners (pension/schema.ts, type-only). */
type Row = StaffPensionerRow;

const STATUS = { en_riesgo: { label: 'En riesgo', color: 'error' }, por_vencer: { label: 'Por vencer', color: 'warning' }, vigente: { label: 'Vigente', color: 'success' } } as const;

/** Pensioners en riesgo / por vencer (proof of life), by OOAD, with the CSV export. A flag for review, never a payment stop. */
export function PensionersPanel() {
  const { client } = useSession();
  const [status, setStatus] = useState<'todos' | 'en_riesgo' | 'por_vencer'>('todos');
  const [ooad, setOoad] = useState('');
  const query = `status=${status}${ooad.trim() ? `&ooad=${encodeURIComponent(ooad.trim())}` : ''}`;
  const list = useQuery({ queryKey: ['pension', 'staff-pensioners', query], queryFn: () => client.get<Row[]>(`/api/pension/staff/pensioners?${query}`) });
  const rows = list.data;
  const error = list.error;

  return (
    <Box>
      <Alert severity="info" sx={{ mb: 2 }}>
        "En riesgo" marca la pensión para revisión: no suspende el pago.
      </Alert>
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'center', mb: 2 }}>
        <TextField select label="Estado" value={status} onChange={(e) => setStatus(e.target.value as typeof status)} sx={{ minWidth: 200 }}>
          <MenuItem value="todos">En riesgo y por vencer</MenuItem>
          <MenuItem value="en_riesgo">En riesgo</MenuItem>
          <MenuItem value="por_vencer">Por vencer</MenuItem>
        </TextField>
        <TextField label="OOAD (clave)" value={ooad} onChange={(e) => setOoad(e.target.value)} sx={{ width: 140 }} />
        <Button variant="outlined" href={`/api/pension/staff/pensioners?${query}&format=csv`} download>
          Exportar CSV
        </Button>
      </Box>
      <ErrorAlert error={error} />
      {rows && rows.length === 0 && <Alert severity="success">No hay pensionados con ese estado.</Alert>}
      {rows && rows.length > 0 && (
        <Table size="small" aria-label="Pensionados por estado de supervivencia">
          <TableHead>
            <TableRow>
              <TableCell>Nombre</TableCell>
              <TableCell>CURP</TableCell>
              <TableCell>OOAD</TableCell>
              <TableCell>Estado</TableCell>
              <TableCell>Vence</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((r) => (
              <TableRow key={r.curp}>
                <TableCell>{r.name}</TableCell>
                <TableCell>{r.curp}</TableCell>
                <TableCell>{r.ooadCode ?? '—'}</TableCell>
                <TableCell><Chip size="small" label={STATUS[r.status].label} color={STATUS[r.status].color} /></TableCell>
                <TableCell>{r.nextDueDate} ({r.daysLeft < 0 ? `vencida hace ${-r.daysLeft} días` : `en ${r.daysLeft} días`})</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
}
