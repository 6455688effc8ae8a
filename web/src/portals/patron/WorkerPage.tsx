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
import Typography from '@mui/material/Typography';
import { Link as RouterLink, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { employerDownloads, type Movement, type Vigencia } from '../../api/employer.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useDocumentTitle } from '../../components/useDocumentTitle.ts';
import { BAJA_CAUSES, civilDate, JORNADAS, MOVEMENT_LABELS, pesos, SALARY_TYPES, WORKER_TYPES } from './labels.ts';
import { DownloadButton } from './DownloadButton.tsx';
import { PatronNav } from './PatronNav.tsx';
import { usePatron } from './usePatron.ts';

/** MUI's warning orange fails WCAG AA contrast as text or as a background for white text: a warning border, body text. */
const WARNING_CHIP = { ml: 1, color: 'text.primary', borderColor: 'warning.main', borderWidth: 2 } as const;

function VigenciaCard({ vigencia, curp }: { vigencia: Vigencia; curp: string }) {
  return (
    <Card variant="outlined">
      <CardContent>
        <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center', mb: 1, flexWrap: 'wrap' }}>
          <Typography variant="h2">Vigencia de derechos</Typography>
          <Chip label={vigencia.vigente ? 'Vigente' : 'No vigente'} color={vigencia.vigente ? 'success' : 'error'} />
        </Stack>
        <Typography gutterBottom>
          Al {civilDate(vigencia.date)}: {vigencia.reason}
        </Typography>
        <Typography variant="body2" color="text.secondary" gutterBottom>
          Periodo: {vigencia.from ? `${civilDate(vigencia.from)} a ${vigencia.to ? civilDate(vigencia.to) : 'la fecha'}` : '—'} · UMF: {vigencia.umf ?? '—'}
        </Typography>
        <DownloadButton variant="contained" path={employerDownloads.constancia(curp)} fallbackName={`constancia-${curp}.pdf`} sx={{ mt: 1 }}>
          Descargar constancia de vigencia (PDF firmado)
        </DownloadButton>
      </CardContent>
    </Card>
  );
}

function detail(m: Movement): string {
  if (m.kind === 'baja') return `Causa: ${m.bajaCause ? (BAJA_CAUSES[m.bajaCause as keyof typeof BAJA_CAUSES] ?? m.bajaCause) : '—'}`;
  const parts = [
    m.dailySalary ? `salario diario ${pesos(m.dailySalary)} × ${m.integrationFactor}` : null,
    m.workerType ? WORKER_TYPES[m.workerType as keyof typeof WORKER_TYPES] : null,
    m.salaryType ? `salario ${SALARY_TYPES[m.salaryType as keyof typeof SALARY_TYPES]?.toLowerCase()}` : null,
    m.jornada ? `jornada ${m.jornada === 'reducida' ? `reducida (${m.reducedDays} días)` : JORNADAS.completa.toLowerCase()}` : null,
    m.umf,
  ];
  return parts.filter(Boolean).join(' · ');
}

/** One worker: vigencia de derechos and its constancia, the movement history, and the next movements. */
export function WorkerPage() {
  const { curp = '' } = useParams();
  useDocumentTitle(`Patrón · ${curp}`);
  const patron = usePatron();
  const registro = patron.registro?.registro ?? null;
  const history = useQuery({ queryKey: ['employer', 'history', registro, curp], queryFn: () => (registro ? patron.api.history(registro, curp) : Promise.resolve([])) });
  const vigencia = useQuery({ queryKey: ['employer', 'vigencia', curp], queryFn: () => patron.api.vigencia(curp) });
  const last = history.data?.[history.data.length - 1];
  const employed = last ? last.kind !== 'baja' : false;

  return (
    <Box>
      <Typography variant="h1" gutterBottom>
        {vigencia.data?.name || curp}
      </Typography>
      <PatronNav patron={patron} />
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        CURP {curp}
        {vigencia.data?.nss ? ` · NSS ${vigencia.data.nss}` : ''} · registro patronal {registro ?? '—'}
      </Typography>
      <Stack spacing={3}>
        <ErrorAlert error={vigencia.error} />
        {vigencia.data && <VigenciaCard vigencia={vigencia.data} curp={curp} />}
        <Stack direction="row" spacing={2} sx={{ flexWrap: 'wrap' }}>
          {employed ? (
            <>
              <Button variant="outlined" component={RouterLink} to={patron.to('/patron/movimientos', { tipo: 'modificacion', curp })}>
                Modificar salario
              </Button>
              <Button variant="outlined" color="error" component={RouterLink} to={patron.to('/patron/movimientos', { tipo: 'baja', curp })}>
                Dar de baja
              </Button>
            </>
          ) : (
            <Button variant="outlined" component={RouterLink} to={patron.to('/patron/movimientos', { tipo: 'alta', curp })}>
              Registrar reingreso
            </Button>
          )}
        </Stack>
        <ErrorAlert error={history.error} />
        <TableContainer component={Card} variant="outlined">
          <Table size="small" aria-label="Historial de movimientos">
            <TableHead>
              <TableRow>
                <TableCell>Fecha de efecto</TableCell>
                <TableCell>Movimiento</TableCell>
                <TableCell align="right">SBC</TableCell>
                <TableCell>Detalle</TableCell>
                <TableCell>Presentado</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {[...(history.data ?? [])].reverse().map((m) => (
                <TableRow key={m.id}>
                  <TableCell>{civilDate(m.date)}</TableCell>
                  <TableCell>{MOVEMENT_LABELS[m.kind]}</TableCell>
                  <TableCell align="right">{pesos(m.sbc)}</TableCell>
                  <TableCell>{detail(m)}</TableCell>
                  <TableCell>
                    {civilDate(m.recordedAt.slice(0, 10))}
                    {m.late && <Chip size="small" variant="outlined" label={`Extemporáneo (${m.businessDaysLate} d. háb.)`} sx={WARNING_CHIP} />}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
        <Alert severity="info">Los movimientos no se borran ni se corrigen: un movimiento equivocado se compensa con otro movimiento, y el historial conserva ambos.</Alert>
      </Stack>
    </Box>
  );
}
