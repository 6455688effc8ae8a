import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useTheme } from '@mui/material/styles';
import useMediaQuery from '@mui/material/useMediaQuery';
import {
  INCIDENT_LABELS,
  METHOD_LABELS,
  type AttendanceDay,
  type DayIncident,
  type DayKind,
  type Incident,
  type Justification,
} from '../../api/attendance.ts';
import { shortDate } from '../../format/date-time.ts';

const KIND_LABELS: Record<Exclude<DayKind, 'laboral'>, string> = {
  descanso_semanal: 'Descanso semanal',
  descanso_obligatorio: 'Descanso obligatorio',
  inhabil_institucional: 'Día inhábil',
  sin_jornada: 'Sin jornada asignada',
};

/** Light chips with dark text: MUI's filled warning chip (white on orange) fails WCAG AA contrast. */
const CHIP_STYLES = {
  success: { bgcolor: '#edf7ed', color: '#1e4620', borderColor: '#7fb882' },
  warning: { bgcolor: '#fff4e5', color: '#663c00', borderColor: '#f0b35c' },
  error: { bgcolor: '#fdeded', color: '#5f2120', borderColor: '#e6908f' },
  default: { color: 'text.primary' },
} as const;

type IncidentState = { label: string; color: 'success' | 'warning' | 'error' | 'default'; note?: string };

/** What became of an incident: justified, waiting for the supervisor, rejected, or open. */
function incidentState(date: string, incident: DayIncident, justifications: Justification[]): IncidentState {
  if (incident.justified) return { label: 'Justificada', color: 'success' };
  if (incident.type !== incident.original) return { label: 'Convertida en retardo', color: 'success' };
  if (incident.pendingJustificationId) return { label: 'Justificación pendiente', color: 'warning' };
  const rejected = justifications.find((j) => j.date === date && j.incident === incident.original && j.status === 'rechazada');
  if (rejected) return { label: 'Justificación rechazada', color: 'error', note: rejected.decisionComment ?? undefined };
  return { label: 'Sin justificar', color: 'default' };
}

export function canRequestJustification(incident: DayIncident): boolean {
  return !incident.justified && incident.justificationId === null && incident.pendingJustificationId === null;
}

function methodsOf(day: AttendanceDay): string {
  const methods = new Set([day.checkIn?.method, day.checkOut?.method].filter((m) => m !== undefined));
  return [...methods].map((m) => METHOD_LABELS[m]).join(' y ') || '—';
}

/** The incidents of one day with their state, and «Justificar» where a request is still possible. */
function DayIncidents({ day, justifications, onJustify }: { day: AttendanceDay; justifications: Justification[]; onJustify: (date: string, incident: Incident) => void }) {
  const working = day.kind === 'laboral';
  if (day.upcoming) {
    return (
      <Typography variant="body2" color="text.secondary">
        Por venir
      </Typography>
    );
  }
  if (day.pending) {
    return (
      <Typography variant="body2" color="text.secondary">
        Día en curso
      </Typography>
    );
  }
  if (day.incidents.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        {working ? 'Sin incidencias' : ''}
      </Typography>
    );
  }
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 0.75, alignItems: 'flex-start' }}>
      {day.incidents.map((incident) => {
        const state = incidentState(day.date, incident, justifications);
        return (
          <Box key={incident.original} sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
            <Typography variant="body2" sx={{ fontWeight: 500 }}>
              {INCIDENT_LABELS[incident.original]}
            </Typography>
            <Chip size="small" label={state.label} variant="outlined" sx={CHIP_STYLES[state.color]} />
            {state.note && (
              <Typography variant="body2" color="text.secondary" sx={{ flexBasis: '100%' }}>
                Motivo del rechazo: «{state.note}»
              </Typography>
            )}
            {canRequestJustification(incident) && (
              <Button
                size="small"
                variant="outlined"
                onClick={() => onJustify(day.date, incident.original)}
                aria-label={`Justificar ${INCIDENT_LABELS[incident.original].toLowerCase()} del ${shortDate(day.date)}`}
              >
                Justificar
              </Button>
            )}
          </Box>
        );
      })}
    </Box>
  );
}

function scheduleOf(day: AttendanceDay): string {
  if (day.kind === 'laboral' && day.shift) return `${day.shift.start}–${day.shift.end}`;
  return day.nonWorkingReason ?? (day.kind === 'laboral' ? '—' : KIND_LABELS[day.kind]);
}

/** On a phone a six-column table does not fit: one small block per day instead. */
function DayList({ days, justifications, onJustify }: { days: AttendanceDay[]; justifications: Justification[]; onJustify: (date: string, incident: Incident) => void }) {
  return (
    <Box component="ul" aria-label="Asistencia por día" sx={{ listStyle: 'none', p: 0, m: 0 }}>
      {days.map((day) => {
        const working = day.kind === 'laboral';
        return (
          <Box
            component="li"
            key={day.date}
            data-testid={`day-${day.date}`}
            sx={{ py: 1.25, px: 1, borderBottom: 1, borderColor: 'divider', bgcolor: working ? undefined : 'action.hover' }}
          >
            <Box sx={{ display: 'flex', justifyContent: 'space-between', gap: 1 }}>
              <Typography variant="body2" sx={{ fontWeight: 500 }}>
                {shortDate(day.date)}
              </Typography>
              <Typography variant="body2" color="text.secondary" sx={{ textAlign: 'right' }}>
                {scheduleOf(day)}
              </Typography>
            </Box>
            {(day.checkIn || day.checkOut) && (
              <Typography variant="body2">
                Entrada {day.checkIn?.time ?? '—'}
                {day.minutesLate ? ` (${day.minutesLate} min tarde)` : ''} · Salida {day.checkOut?.time ?? '—'} · {methodsOf(day)}
              </Typography>
            )}
            {working && (
              <Box sx={{ mt: 0.5 }}>
                <DayIncidents day={day} justifications={justifications} onJustify={onJustify} />
              </Box>
            )}
          </Box>
        );
      })}
    </Box>
  );
}

/** One row per day of the quincena: schedule, readings, incidents and what can be done about them. */
export function DaysTable({
  days,
  justifications,
  onJustify,
}: {
  days: AttendanceDay[];
  justifications: Justification[];
  onJustify: (date: string, incident: Incident) => void;
}) {
  const theme = useTheme();
  const phone = useMediaQuery(theme.breakpoints.down('sm'));
  if (phone) return <DayList days={days} justifications={justifications} onJustify={onJustify} />;
  return (
    <TableContainer>
      <Table size="small" aria-label="Asistencia por día">
        <TableHead>
          <TableRow>
            <TableCell>Día</TableCell>
            <TableCell>Jornada</TableCell>
            <TableCell>Entrada</TableCell>
            <TableCell>Salida</TableCell>
            <TableCell>Método</TableCell>
            <TableCell>Incidencias</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {days.map((day) => {
            const working = day.kind === 'laboral';
            return (
              <TableRow key={day.date} data-testid={`day-${day.date}`} sx={working ? undefined : { bgcolor: 'action.hover' }}>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{shortDate(day.date)}</TableCell>
                <TableCell>
                  {working ? (
                    scheduleOf(day)
                  ) : (
                    <Typography variant="body2" color="text.secondary">
                      {scheduleOf(day)}
                    </Typography>
                  )}
                </TableCell>
                <TableCell>
                  {day.checkIn?.time ?? '—'}
                  {day.minutesLate ? (
                    <Typography component="span" variant="body2" color="text.secondary">
                      {` (${day.minutesLate} min tarde)`}
                    </Typography>
                  ) : null}
                </TableCell>
                <TableCell>{day.checkOut?.time ?? '—'}</TableCell>
                <TableCell>{methodsOf(day)}</TableCell>
                <TableCell>
                  <DayIncidents day={day} justifications={justifications} onJustify={onJustify} />
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
