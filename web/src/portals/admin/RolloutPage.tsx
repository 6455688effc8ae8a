import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import MenuItem from '@mui/material/MenuItem';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Wave } from '../../api/insured.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useDocumentTitle } from '../../components/useDocumentTitle.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { AdminNav } from './AdminNav.tsx';

/** The rollout policy of the restriction for lack of biometrics (issue 15): waves by segment and date. */
export function RolloutPage() {
  useDocumentTitle('Administración · Política de biometría');
  const { client } = useSession();
  const waves = useQuery({ queryKey: ['admin', 'rollout-waves'], queryFn: () => client.get<Wave[]>('/api/insured/waves') });
  const [form, setForm] = useState({ segment: 'existente' as Wave['segment'], startsOn: '', ooadCode: '', birthFrom: '', birthTo: '', note: '' });
  const [error, setError] = useState<unknown>(null);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));

  async function create() {
    setError(null);
    try {
      const existing = form.segment === 'existente';
      await client.post('/api/insured/waves', {
        segment: form.segment,
        startsOn: form.startsOn,
        ooadCode: existing && form.ooadCode.trim() ? form.ooadCode.trim() : null,
        birthFrom: existing && form.birthFrom ? form.birthFrom : null,
        birthTo: existing && form.birthTo ? form.birthTo : null,
        note: form.note.trim() || null,
      });
      void waves.refetch();
    } catch (e) {
      setError(e);
    }
  }

  async function withdraw(id: string) {
    setError(null);
    try {
      await client.delete(`/api/insured/waves/${id}`);
      void waves.refetch();
    } catch (e) {
      setError(e);
    }
  }

  return (
    <Box>
      <AdminNav />
      <Typography variant="h1" gutterBottom>
        Política de registro biométrico
      </Typography>
      <Alert severity="info" sx={{ mb: 2 }}>
        Quien queda cubierto por una ola y no tiene biometría pasa a «Trámite restringido» con 30 días de plazo; después su NSS se suspende para consultas ordinarias. El nuevo ingreso se restringe de inmediato. Los pensionados nunca se suspenden. Urgencias nunca se condiciona.
      </Alert>
      <Card variant="outlined" sx={{ mb: 3 }}>
        <CardContent>
          <Typography variant="h2" gutterBottom>
            Nueva ola
          </Typography>
          <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
            <TextField select label="Segmento" value={form.segment} onChange={set('segment')} sx={{ minWidth: 220 }}>
              <MenuItem value="existente">Trabajadores existentes</MenuItem>
              <MenuItem value="nuevo_ingreso">Nuevo ingreso</MenuItem>
            </TextField>
            <TextField type="date" label="A partir de" value={form.startsOn} onChange={set('startsOn')} slotProps={{ inputLabel: { shrink: true } }} />
            {form.segment === 'existente' && (
              <>
                <TextField label="OOAD (clave, opcional)" value={form.ooadCode} onChange={set('ooadCode')} sx={{ width: 180 }} />
                <TextField type="date" label="Nacidos desde" value={form.birthFrom} onChange={set('birthFrom')} slotProps={{ inputLabel: { shrink: true } }} />
                <TextField type="date" label="Nacidos hasta" value={form.birthTo} onChange={set('birthTo')} slotProps={{ inputLabel: { shrink: true } }} />
              </>
            )}
            <TextField label="Nota" value={form.note} onChange={set('note')} sx={{ minWidth: 240 }} />
            <Button variant="contained" onClick={() => void create()} disabled={!form.startsOn}>
              Agregar ola
            </Button>
          </Box>
        </CardContent>
      </Card>
      <ErrorAlert error={error ?? waves.error} />
      {waves.data && waves.data.length === 0 && <Alert severity="info">Sin olas: nadie está restringido.</Alert>}
      {waves.data && waves.data.length > 0 && (
        <Table size="small" aria-label="Olas de la política">
          <TableHead>
            <TableRow>
              <TableCell>Segmento</TableCell>
              <TableCell>A partir de</TableCell>
              <TableCell>OOAD</TableCell>
              <TableCell>Nacimiento</TableCell>
              <TableCell>Nota</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {waves.data.map((w) => (
              <TableRow key={w.id}>
                <TableCell>{w.segment === 'nuevo_ingreso' ? 'Nuevo ingreso' : 'Existentes'}</TableCell>
                <TableCell>{w.startsOn}</TableCell>
                <TableCell>{w.ooadCode ?? 'Todas'}</TableCell>
                <TableCell>{w.birthFrom || w.birthTo ? `${w.birthFrom ?? '…'} – ${w.birthTo ?? '…'}` : 'Todos'}</TableCell>
                <TableCell>{w.note ?? ''}</TableCell>
                <TableCell>
                  <Button size="small" onClick={() => void withdraw(w.id)}>
                    Retirar
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
}
