import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { STATE_LABELS, type ReceptionResponse } from '../../api/insured.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useDocumentTitle } from '../../components/useDocumentTitle.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { useClinicStations } from './useClinicStations.ts';

/** The server's answer (health/schema.ts ReceptionResponse; the restriction is one of the insured states). */
type Reception = ReceptionResponse;

/** Reception (issue 15, item 4): the latest patient checked in at the kiosk, summarized — no paper folder. */
export function ReceptionPage() {
  useDocumentTitle('Recepción de la clínica');
  const { client } = useSession();
  const stations = useClinicStations();
  const clinicId = stations.data?.[0]?.clinic.id ?? null;
  // The reception screen stays on a wall: it asks again every 5 s.
  const reception = useQuery({
    queryKey: ['care', 'reception', clinicId],
    queryFn: () => (clinicId ? client.get<Reception>(`/api/care/clinics/${clinicId}/reception`) : Promise.resolve(null)),
    refetchInterval: 5_000,
  });
  const data = reception.data;
  const s = data?.summary;
  return (
    <Box>
      <Typography variant="h1" gutterBottom>
        Recepción {data ? `— ${data.clinic.name}` : ''}
      </Typography>
      <ErrorAlert error={stations.error ?? reception.error} />
      {stations.data && !clinicId && <Alert severity="info">Ninguna estación está ubicada en una unidad médica.</Alert>}
      {data && !s && <Alert severity="info">Aún no llega ningún paciente hoy.</Alert>}
      {s && (
        <Card variant="outlined" sx={{ mb: 3 }} data-testid="patient-summary">
          <CardContent>
            <Typography variant="h2" gutterBottom>
              {s.name}
            </Typography>
            <Typography>
              <strong>NSS:</strong> {s.nss ?? '—'} · <strong>CURP:</strong> {s.curp} · <strong>Nacimiento:</strong> {s.birthDate} · <strong>Sexo:</strong> {s.sex}
            </Typography>
            <Box sx={{ display: 'flex', gap: 1, my: 1, flexWrap: 'wrap' }}>
              {s.vigente !== null && <Chip color={s.vigente ? 'success' : 'default'} label={s.vigente ? 'Derechos vigentes' : 'Derechos no vigentes'} />}
              {s.restriction && <Chip color={s.restriction === 'al_corriente' ? 'success' : 'warning'} label={STATE_LABELS[s.restriction]} />}
            </Box>
            {s.appointment && (
              <Typography>
                <strong>Turno {s.appointment.turn ?? '—'}</strong> · consultorio {s.appointment.consultorio ?? '—'} · {s.appointment.kind === 'urgencias' ? 'Urgencias' : 'Consulta'}
              </Typography>
            )}
          </CardContent>
        </Card>
      )}
      {data && data.patients.length > 0 && (
        <Table size="small" aria-label="Pacientes de hoy">
          <TableHead>
            <TableRow>
              <TableCell>Turno</TableCell>
              <TableCell>Paciente</TableCell>
              <TableCell>NSS</TableCell>
              <TableCell>Consultorio</TableCell>
              <TableCell>Estado</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {data.patients.map((p) => (
              <TableRow key={p.appointmentId}>
                <TableCell>{p.turn ?? '—'}</TableCell>
                <TableCell>{p.name}</TableCell>
                <TableCell>{p.nss ?? '—'}</TableCell>
                <TableCell>{p.consultorio ?? '—'}</TableCell>
                <TableCell>{p.status === 'en_espera' ? 'Ya llegó' : p.status === 'agendada' ? 'Aún no llega' : p.status}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
}
