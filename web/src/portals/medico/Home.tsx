import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import type { MedicoDayResponse } from '../../api/insured.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useDocumentTitle } from '../../components/useDocumentTitle.ts';
import { useSession } from '../../session/SessionProvider.tsx';

const STATUS: Record<string, { label: string; color: 'success' | 'default' | 'info' }> = {
  en_espera: { label: 'Ya llegó', color: 'success' },
  agendada: { label: 'Aún no llega', color: 'default' },
  atendida: { label: 'Atendido', color: 'info' },
};

/** The physician's day (issue 15, item 5): patients of their consultorios, those checked in at the kiosk first. */
export function MedicoHome() {
  useDocumentTitle('Portal médico');
  const { client } = useSession();
  const day = useQuery({ queryKey: ['care', 'medico-today'], queryFn: () => client.get<MedicoDayResponse>('/api/care/medico/today') });
  const patients = [...(day.data?.patients ?? [])].sort((a, b) => Number(b.status === 'en_espera') - Number(a.status === 'en_espera') || (a.turn ?? 999) - (b.turn ?? 999));
  return (
    <Box>
      <Typography variant="h1" gutterBottom>
        Pacientes del día {day.data ? `(${day.data.day})` : ''}
      </Typography>
      {day.data?.clinic && <Typography color="text.secondary">{day.data.clinic.name}</Typography>}
      <Button onClick={() => void day.refetch()} sx={{ my: 1 }}>
        Actualizar
      </Button>
      <ErrorAlert error={day.error} />
      {day.data && !day.data.clinic && <Alert severity="info">No tiene consultorio asignado en ninguna unidad.</Alert>}
      {day.data?.clinic && patients.length === 0 && <Alert severity="info">No hay pacientes citados hoy.</Alert>}
      {patients.length > 0 && (
        <Table size="small" aria-label="Pacientes del día">
          <TableHead>
            <TableRow>
              <TableCell>Turno</TableCell>
              <TableCell>Paciente</TableCell>
              <TableCell>NSS</TableCell>
              <TableCell>Hora</TableCell>
              <TableCell>Tipo</TableCell>
              <TableCell>Estado</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {patients.map((p) => (
              <TableRow key={p.appointmentId}>
                <TableCell>{p.turn ?? '—'}</TableCell>
                <TableCell>{p.name}</TableCell>
                <TableCell>{p.nss ?? '—'}</TableCell>
                <TableCell>{p.startsAt ? new Intl.DateTimeFormat('es-MX', { timeZone: 'America/Mexico_City', hour: '2-digit', minute: '2-digit' }).format(new Date(p.startsAt)) : '—'}</TableCell>
                <TableCell>{p.kind === 'urgencias' ? 'Urgencias' : 'Consulta'}</TableCell>
                <TableCell>
                  <Chip size="small" label={STATUS[p.status]?.label ?? p.status} color={STATUS[p.status]?.color ?? 'default'} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
}
