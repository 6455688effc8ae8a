import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
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
import { adminApi } from '../../api/admin.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useDocumentTitle } from '../../components/useDocumentTitle.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { AdminNav } from './AdminNav.tsx';

const WEEKDAYS = ['lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado', 'domingo'];

/** Shifts (jornadas) and who works them from when. */
export function ShiftsPage() {
  useDocumentTitle('Administración · Jornadas');
  const { client } = useSession();
  const api = useMemo(() => adminApi(client), [client]);
  const shifts = useQuery({ queryKey: ['admin', 'shifts'], queryFn: api.shifts });
  const [notice, setNotice] = useState<string | null>(null);

  return (
    <Box>
      <Typography variant="h1" gutterBottom>
        Jornadas y asignaciones
      </Typography>
      <AdminNav />
      <Stack spacing={3}>
        {notice && <Alert severity="success" role="status">{notice}</Alert>}
        <ErrorAlert error={shifts.error} />
        <TableContainer component={Card} variant="outlined">
          <Table size="small" aria-label="Jornadas">
            <TableHead>
              <TableRow>
                <TableCell>Jornada</TableCell>
                <TableCell>Horario</TableCell>
                <TableCell>Días</TableCell>
                <TableCell>Tolerancia</TableCell>
                <TableCell>Falta después de</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {(shifts.data ?? []).map((s) => (
                <TableRow key={s.id}>
                  <TableCell>{s.name}</TableCell>
                  <TableCell>{s.start}–{s.end}</TableCell>
                  <TableCell>{s.weekdays.map((d) => WEEKDAYS[d - 1]).join(', ')}</TableCell>
                  <TableCell>{s.toleranceMinutes} min</TableCell>
                  <TableCell>{s.faltaAfterMinutes} min</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
        <NewShiftCard create={async (input) => { const shift = await api.createShift(input); setNotice(`Jornada «${shift.name}» creada.`); void shifts.refetch(); }} />
        <AssignCard
          shifts={shifts.data ?? []}
          assign={async (curp, shiftId, validFrom) => {
            const person = await api.personIdByCurp(curp);
            const assignment = await api.assign({ personId: person.id, shiftId, validFrom });
            setNotice(`${[person.givenNames, person.firstSurname, person.secondSurname].filter(Boolean).join(' ')} trabaja la jornada «${assignment.shift.name}» desde el ${assignment.validFrom}.`);
          }}
        />
      </Stack>
    </Box>
  );
}

function NewShiftCard({ create }: { create: (input: Parameters<ReturnType<typeof adminApi>['createShift']>[0]) => Promise<void> }) {
  const [name, setName] = useState('');
  const [start, setStart] = useState('08:00');
  const [end, setEnd] = useState('16:00');
  const [weekdays, setWeekdays] = useState<number[]>([1, 2, 3, 4, 5]);
  const [tolerance, setTolerance] = useState(10);
  const [falta, setFalta] = useState(30);
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await create({ name: name.trim(), start, end, weekdays, toleranceMinutes: tolerance, faltaAfterMinutes: falta });
      setName('');
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="h2" gutterBottom>
          Nueva jornada
        </Typography>
        <Box component="form" onSubmit={(e) => void submit(e)}>
          <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: '2fr 1fr 1fr 1fr 1fr' } }}>
            <TextField label="Nombre" value={name} onChange={(e) => setName(e.target.value)} required />
            <TextField label="Entrada" type="time" value={start} onChange={(e) => setStart(e.target.value)} slotProps={{ inputLabel: { shrink: true } }} />
            <TextField label="Salida" type="time" value={end} onChange={(e) => setEnd(e.target.value)} slotProps={{ inputLabel: { shrink: true } }} />
            <TextField label="Tolerancia (min)" type="number" value={tolerance} onChange={(e) => setTolerance(Number(e.target.value))} />
            <TextField label="Falta después de (min)" type="number" value={falta} onChange={(e) => setFalta(Number(e.target.value))} />
          </Box>
          <FormGroup row aria-label="Días laborables" sx={{ mt: 1 }}>
            {WEEKDAYS.map((day, index) => (
              <FormControlLabel
                key={day}
                label={day}
                control={
                  <Checkbox
                    checked={weekdays.includes(index + 1)}
                    onChange={(e) => setWeekdays((current) => (e.target.checked ? [...current, index + 1].sort() : current.filter((d) => d !== index + 1)))}
                  />
                }
              />
            ))}
          </FormGroup>
          <ErrorAlert error={error} />
          <Button type="submit" variant="contained" sx={{ mt: 2 }}>
            Crear jornada
          </Button>
        </Box>
      </CardContent>
    </Card>
  );
}

function AssignCard({ shifts, assign }: { shifts: Array<{ id: string; name: string }>; assign: (curp: string, shiftId: string, validFrom: string) => Promise<void> }) {
  const [curp, setCurp] = useState('');
  const [shiftId, setShiftId] = useState('');
  const [validFrom, setValidFrom] = useState(() => new Date().toLocaleDateString('en-CA'));
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await assign(curp, shiftId, validFrom);
      setCurp('');
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="h2" gutterBottom>
          Asignar jornada
        </Typography>
        <Box component="form" onSubmit={(e) => void submit(e)} sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: '2fr 2fr 1fr auto' }, alignItems: 'start' }}>
          <TextField label="CURP de la persona" value={curp} onChange={(e) => setCurp(e.target.value)} required slotProps={{ htmlInput: { maxLength: 18 } }} />
          <TextField select label="Jornada" value={shiftId} onChange={(e) => setShiftId(e.target.value)} required slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}>
            <option value="">Seleccione la jornada</option>
            {shifts.map((s) => (
              <option key={s.id} value={s.id}>{s.name}</option>
            ))}
          </TextField>
          <TextField label="Desde" type="date" value={validFrom} onChange={(e) => setValidFrom(e.target.value)} slotProps={{ inputLabel: { shrink: true } }} />
          <Button type="submit" variant="contained" sx={{ mt: 1 }} disabled={!curp.trim() || !shiftId}>
            Asignar
          </Button>
        </Box>
        <Box sx={{ mt: 2 }}>
          <ErrorAlert error={error} />
        </Box>
      </CardContent>
    </Card>
  );
}
