import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { adminApi, type NewCalendarDay } from '../../api/admin.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useDocumentTitle } from '../../components/useDocumentTitle.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { AdminNav } from './AdminNav.tsx';
import { formatCivilDate } from './format.ts';

const KIND_LABELS = { descanso_obligatorio: 'Descanso obligatorio', inhabil_institucional: 'Inhábil de la institución' } as const;

/** The institution calendar: the law's rest days (read-only) and the days the institution declares. */
export function CalendarPage() {
  useDocumentTitle('Administración · Calendario');
  const { client } = useSession();
  const api = useMemo(() => adminApi(client), [client]);
  const [year, setYear] = useState(() => new Date().getFullYear());
  const days = useQuery({ queryKey: ['admin', 'calendar', year], queryFn: () => api.calendar(year) });
  const [date, setDate] = useState('');
  const [kind, setKind] = useState<NewCalendarDay['kind']>('inhabil_institucional');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await api.setCalendarDay(date, { kind, description: description.trim() });
      setNotice(`${formatCivilDate(date)}: ${KIND_LABELS[kind].toLowerCase()} («${description.trim()}»).`);
      setDescription('');
      if (Number(date.slice(0, 4)) !== year) setYear(Number(date.slice(0, 4)));
      else void days.refetch();
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <Box>
      <Typography variant="h1" gutterBottom>
        Calendario de la institución
      </Typography>
      <AdminNav />
      <Stack spacing={3}>
        <Card variant="outlined">
          <CardContent>
            <Typography variant="h2" gutterBottom>
              Declarar un día
            </Typography>
            <Box component="form" onSubmit={(e) => void submit(e)} sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: '1fr 1fr 2fr auto' }, alignItems: 'start' }}>
              <TextField label="Fecha" type="date" value={date} onChange={(e) => setDate(e.target.value)} required slotProps={{ inputLabel: { shrink: true } }} />
              <TextField select label="Tipo" value={kind} onChange={(e) => setKind(e.target.value as NewCalendarDay['kind'])} slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}>
                <option value="inhabil_institucional">{KIND_LABELS.inhabil_institucional}</option>
                <option value="descanso_obligatorio">{KIND_LABELS.descanso_obligatorio}</option>
              </TextField>
              <TextField label="Motivo" value={description} onChange={(e) => setDescription(e.target.value)} required helperText="Por ejemplo «Jornada electoral (LFT art. 74 fr. IX)»" />
              <Button type="submit" variant="contained" sx={{ mt: 1 }} disabled={!date || description.trim().length < 3}>
                Guardar
              </Button>
            </Box>
          </CardContent>
        </Card>
        {notice && <Alert severity="success" role="status">{notice}</Alert>}
        <ErrorAlert error={error} />
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
          <Button variant="outlined" onClick={() => setYear((y) => y - 1)} aria-label="Año anterior">‹ {year - 1}</Button>
          <Typography variant="h2" component="p" aria-live="polite">{year}</Typography>
          <Button variant="outlined" onClick={() => setYear((y) => y + 1)} aria-label="Año siguiente">{year + 1} ›</Button>
        </Stack>
        <ErrorAlert error={days.error} />
        <TableContainer component={Card} variant="outlined">
          <Table size="small" aria-label={`Días no laborables de ${year}`}>
            <TableHead>
              <TableRow>
                <TableCell>Fecha</TableCell>
                <TableCell>Día</TableCell>
                <TableCell>Tipo</TableCell>
                <TableCell>Origen</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {(days.data ?? []).map((d) => (
                <TableRow key={`${d.date}-${d.name}`}>
                  <TableCell>{formatCivilDate(d.date)}</TableCell>
                  <TableCell>{d.name}</TableCell>
                  <TableCell>{KIND_LABELS[d.kind]}</TableCell>
                  <TableCell>
                    <Chip size="small" variant="outlined" label={d.source === 'ley' ? 'Ley Federal del Trabajo' : 'Institución'} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      </Stack>
    </Box>
  );
}
