import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { ApiError } from '../../api/client.ts';
import { formatSlot, mexicoDay, type Appointment, type MyClinic, type Slot, type SlotsResponse } from '../../api/insured.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useSession } from '../../session/SessionProvider.tsx';

const STATUS: Record<string, string> = { agendada: 'Agendada', en_espera: 'En espera (ya llegó)', atendida: 'Atendida', cancelada: 'Cancelada' };

/** My appointments, and booking at my UMF behind the gate (its warning or its refusal with the urgencias route). */
export function AppointmentsCard({ clinic, onChange }: { clinic: MyClinic | null; onChange: () => void }) {
  const { client } = useSession();
  const [day, setDay] = useState(() => mexicoDay(new Date(Date.now() + 86_400_000)));
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const mine = useQuery({ queryKey: ['care', 'my-appointments'], queryFn: () => client.get<Appointment[]>('/api/care/me/appointments') });
  const free = useQuery({ queryKey: ['care', 'my-slots', day], queryFn: () => client.get<SlotsResponse>(`/api/care/me/slots?day=${day}`) });
  const reload = () => {
    void mine.refetch();
    void free.refetch();
    onChange();
  };

  async function book(slot: Slot) {
    setError(null);
    setDone(null);
    try {
      const booked = await client.post<Appointment>('/api/care/me/appointments', { slotId: slot.id });
      setDone(`Cita agendada: ${formatSlot(slot.startsAt)}, consultorio ${slot.consultorio}.${booked.warning ? ` ${booked.warning}` : ''}`);
      reload();
    } catch (e) {
      setError(e);
      if (e instanceof ApiError && e.code === 'SLOT_TAKEN') void free.refetch();
    }
  }

  async function cancel(id: string) {
    setError(null);
    try {
      await client.post(`/api/care/me/appointments/${id}/cancel`);
      reload();
    } catch (e) {
      setError(e);
    }
  }

  const gate = free.data?.gate;
  const live = (mine.data ?? []).filter((a) => a.status !== 'cancelada');
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="h2" gutterBottom>
          Citas médicas {clinic?.clinic ? `en ${clinic.clinic.name}` : ''}
        </Typography>
        {clinic && (
          <Alert severity="info" sx={{ mb: 2 }} data-testid="urgencias">
            <strong>Urgencias:</strong> {clinic.urgencias.message} {clinic.urgencias.where}
          </Alert>
        )}
        <Typography variant="h3">Mis citas</Typography>
        {live.length === 0 && <Typography color="text.secondary">No tiene citas agendadas.</Typography>}
        <List dense aria-label="Mis citas">
          {live.map((a) => (
            <ListItem
              key={a.id}
              secondaryAction={
                a.status === 'agendada' ? (
                  <Button size="small" onClick={() => void cancel(a.id)}>
                    Cancelar
                  </Button>
                ) : undefined
              }
            >
              <ListItemText
                primary={`${a.kind === 'urgencias' ? 'Urgencias' : 'Consulta'} · ${a.startsAt ? formatSlot(a.startsAt) : a.day}${a.consultorio ? ` · consultorio ${a.consultorio}` : ''}`}
                secondary={`${STATUS[a.status] ?? a.status}${a.turn ? ` · turno ${a.turn}` : ''}`}
              />
            </ListItem>
          ))}
        </List>
        <Typography variant="h3" sx={{ mt: 2 }}>
          Agendar consulta
        </Typography>
        <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', my: 1 }}>
          <TextField type="date" label="Día" value={day} onChange={(e) => setDay(e.target.value)} slotProps={{ inputLabel: { shrink: true } }} />
        </Box>
        {gate?.warning && (
          <Alert severity="warning" sx={{ mb: 1 }} data-testid="gate-warning">
            {gate.warning}
          </Alert>
        )}
        {gate && !gate.allowed && (
          <Alert severity="error" sx={{ mb: 1 }} data-testid="gate-refusal">
            {gate.message}
            {clinic?.nearestEnrollmentPoint ? ` Módulo de enrolamiento más cercano: ${clinic.nearestEnrollmentPoint.name}, ${clinic.nearestEnrollmentPoint.address}.` : ''}
          </Alert>
        )}
        <ErrorAlert error={error ?? free.error} />
        {done && (
          <Alert severity="success" sx={{ mb: 1 }} role="status">
            {done}
          </Alert>
        )}
        {gate?.allowed && free.data && free.data.slots.length === 0 && <Typography color="text.secondary">No hay horarios libres ese día.</Typography>}
        {gate?.allowed && (
          <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1 }} aria-label="Horarios libres">
            {free.data?.slots.map((s) => (
              <Button key={s.id} variant="outlined" size="small" onClick={() => void book(s)}>
                {new Intl.DateTimeFormat('es-MX', { timeZone: 'America/Mexico_City', hour: '2-digit', minute: '2-digit' }).format(new Date(s.startsAt))} · cons. {s.consultorio}
              </Button>
            ))}
          </Box>
        )}
      </CardContent>
    </Card>
  );
}
