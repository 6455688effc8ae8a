import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import CircularProgress from '@mui/material/CircularProgress';
import MenuItem from '@mui/material/MenuItem';
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
import { STATUS_LABELS } from '../../api/adjudication.ts';
import { GHOST_REASON_LABELS, ghostCsvUrl, reportsApi, type GhostReason } from '../../api/reports.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useSession } from '../../session/SessionProvider.tsx';
import { instant } from '../../format/date-time.ts';

const REASONS: GhostReason[] = ['sin_asistencia', 'sin_biometria', 'biometria_coincide'];
const CHOICES = [1, 2, 3, 4, 6, 12, 24];
const ADJUDICATION_LABELS = { misma_persona: 'misma persona', fraude: 'fraude', personas_distintas: 'personas distintas' } as const;

/** Staff with signs of a ghost employee, for N quincenas, with the CSV export of the same list. */
export function GhostReportPanel() {
  const { client } = useSession();
  const api = useMemo(() => reportsApi(client), [client]);
  const [quincenas, setQuincenas] = useState(2);
  const ghosts = useQuery({ queryKey: ['reports', 'ghost-employees', quincenas], queryFn: () => api.ghostEmployees(quincenas) });
  const report = ghosts.data;
  const error = ghosts.error;

  return (
    <Box>
      <Typography variant="h2" gutterBottom>
        Posibles empleados fantasma
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 2, maxWidth: 800 }}>
        Personal sin registros de asistencia en el periodo, sin biometría válida (sin registro o rechazada) o cuya biometría coincidió con la de
        otra identidad. Cada motivo es una señal para revisar, no una conclusión.
      </Typography>
      <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap', mb: 2 }}>
        <TextField
          select
          size="small"
          label="Sin asistencia durante"
          value={quincenas}
          onChange={(event) => setQuincenas(Number(event.target.value))}
          sx={{ width: 260 }}
        >
          {CHOICES.map((n) => (
            <MenuItem key={n} value={n}>
              {n === 1 ? 'la quincena actual' : `las últimas ${n} quincenas`}
            </MenuItem>
          ))}
        </TextField>
        <Button variant="outlined" href={ghostCsvUrl(quincenas)} download>
          Descargar CSV
        </Button>
      </Box>
      {error ? <ErrorAlert error={error} /> : null}
      {!report && !error && (
        <Box role="status" sx={{ display: 'flex', gap: 2, alignItems: 'center' }}>
          <CircularProgress size={24} aria-label="Cargando" /> <Typography>Generando el reporte…</Typography>
        </Box>
      )}
      {report && (
        <>
          <Typography variant="body2" sx={{ mb: 1 }} data-testid="ghost-summary">
            Periodo: {report.window.label} ({report.window.from} a {report.window.to}). Personal revisado: {report.staffReviewed}. Con alguna señal:{' '}
            {report.employees.length}.
          </Typography>
          <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', mb: 2 }}>
            {REASONS.map((r) => (
              <Chip key={r} variant="outlined" label={`${GHOST_REASON_LABELS[r]}: ${report.counts[r]}`} />
            ))}
          </Box>
          {report.employees.length === 0 ? (
            <Alert severity="success">Nadie del personal tiene señales de empleado fantasma en este periodo.</Alert>
          ) : (
            <TableContainer>
              <Table size="small" aria-label="Posibles empleados fantasma">
                <TableHead>
                  <TableRow>
                    <TableCell>Persona</TableCell>
                    <TableCell>Matrícula</TableCell>
                    <TableCell>Motivos</TableCell>
                    <TableCell>Último registro</TableCell>
                    <TableCell>Biometría</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {report.employees.map((e) => (
                    <TableRow key={e.personId} data-testid={`ghost-${e.curp}`}>
                      <TableCell>
                        <Typography variant="body2" sx={{ fontWeight: 500 }}>
                          {e.name}
                        </Typography>
                        <Typography variant="body2" color="text.secondary" sx={{ fontFamily: 'monospace' }}>
                          {e.curp}
                        </Typography>
                      </TableCell>
                      <TableCell>
                        {e.matricula ?? '—'}
                        {e.ooadCode ? ` · OOAD ${e.ooadCode}` : ''}
                      </TableCell>
                      <TableCell>
                        <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap' }}>
                          {e.reasons.map((r) => (
                            <Chip key={r} size="small" label={GHOST_REASON_LABELS[r]} variant="outlined" />
                          ))}
                        </Box>
                      </TableCell>
                      <TableCell>{e.lastCheckIn ? instant(e.lastCheckIn) : 'Nunca'}</TableCell>
                      <TableCell>
                        {STATUS_LABELS[e.biometricStatus]}
                        {e.adjudication ? ` (adjudicado: ${ADJUDICATION_LABELS[e.adjudication]})` : ''}
                        {e.matchedCurps.length > 0 && (
                          <Typography variant="body2" color="text.secondary">
                            Coincide con {e.matchedCurps.join(', ')}
                          </Typography>
                        )}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </TableContainer>
          )}
          <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
            Generado el {instant(report.generatedAt)}.
          </Typography>
        </>
      )}
    </Box>
  );
}
