import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CircularProgress from '@mui/material/CircularProgress';
import Typography from '@mui/material/Typography';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { attendanceApi, ownExportUrl } from '../../api/attendance.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useDocumentTitle } from '../../components/useDocumentTitle.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { DaysTable } from './DaysTable.tsx';
import { longDate } from '../../format/date-time.ts';
import { JustificationDialog, type JustificationTarget, type ProofFile } from './JustificationDialog.tsx';
import { QuincenaSelect } from './QuincenaSelect.tsx';
import { chooseQuincena } from './quincenas.ts';
import { TotalsCard } from './TotalsCard.tsx';

/**
 * The employee's own attendance, one quincena at a time (`?quincena=2026-Q21`, today's by default):
 * each day's shift, readings and incidents, the totals, the server's PDF and CSV exports, and a
 * request to justify an incident.
 */
export function AttendancePage() {
  const { client, state } = useSession();
  const greetingName = state.status === 'authenticated' ? state.session.displayName || 'Empleado' : 'Empleado';
  const api = useMemo(() => attendanceApi(client), [client]);
  const [params] = useSearchParams();
  const choice = chooseQuincena(params.get('quincena'));
  const queryClient = useQueryClient();
  // Keyed by quincena: switching quickly shows the answer for the quincena on screen, never a slower
  // answer for the one left behind (the old effect let it land last and overwrite the newer one).
  const queryKey = ['attendance', 'own-quincena', choice.id] as const;
  const load = useQuery({ queryKey, queryFn: () => api.ownQuincena(choice.id) });
  const [target, setTarget] = useState<JustificationTarget | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  useDocumentTitle(`Mi asistencia · ${choice.label}`);

  useEffect(() => setNotice(null), [choice.id]);

  const submitJustification = async (t: JustificationTarget, reason: string, proof: ProofFile | null) => {
    await api.requestJustification({ date: t.date, incident: t.incident, reason, ...(proof ? { attachment: proof } : {}) });
    setTarget(null);
    setNotice('Su solicitud de justificación se envió; su supervisor la revisará.');
    await queryClient.invalidateQueries({ queryKey });
  };

  return (
    <Box>
      <Typography variant="h1" gutterBottom>
        Hola, {greetingName}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 3, maxWidth: 720 }}>
        Su asistencia registrada en el quiosco biométrico, quincena por quincena: entradas, salidas, incidencias y justificaciones.
      </Typography>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, flexWrap: 'wrap', justifyContent: 'space-between', mb: 3 }}>
        <Box
          component="nav"
          aria-label="Quincena"
          sx={{ display: 'grid', gridTemplateColumns: 'auto 1fr auto', alignItems: 'center', gap: 1.5, width: { xs: '100%', md: 'auto' } }}
        >
          <Button component={RouterLink} to={`?quincena=${choice.previous}`} variant="outlined" aria-label="Quincena anterior">
            ‹ Anterior
          </Button>
          <Typography
            variant="h2"
            component="p"
            data-testid="quincena-label"
            sx={{ textAlign: 'center', fontSize: { xs: '1.1rem', sm: '1.5rem' }, minWidth: { md: 340 }, '&::first-letter': { textTransform: 'uppercase' } }}
          >
            {choice.label}
          </Typography>
          {choice.next ? (
            <Button component={RouterLink} to={`?quincena=${choice.next}`} variant="outlined" aria-label="Quincena siguiente">
              Siguiente ›
            </Button>
          ) : (
            <Button variant="outlined" disabled aria-label="Quincena siguiente" title="La siguiente quincena aún no empieza">
              Siguiente ›
            </Button>
          )}
        </Box>
        <QuincenaSelect choice={choice} />
        <Box sx={{ display: 'flex', gap: 1.5, flexWrap: 'wrap' }}>
          <Button href={ownExportUrl(choice.id, 'pdf')} variant="contained" download>
            Descargar PDF
          </Button>
          <Button href={ownExportUrl(choice.id, 'csv')} variant="outlined" download>
            Descargar CSV
          </Button>
        </Box>
      </Box>

      {choice.future && (
        <Alert severity="info" sx={{ mb: 2 }}>
          Esta quincena aún no comienza: sus días aparecen como «Por venir» y no tienen incidencias.
        </Alert>
      )}
      {notice && (
        <Alert severity="success" sx={{ mb: 2 }} onClose={() => setNotice(null)}>
          {notice}
        </Alert>
      )}
      {load.isPending && (
        <Box sx={{ display: 'flex', gap: 2, alignItems: 'center' }} role="status">
          <CircularProgress size={24} aria-label="Cargando" />
          <Typography>Cargando la asistencia…</Typography>
        </Box>
      )}
      {load.isError && <ErrorAlert error={load.error} />}
      {load.isSuccess && (
        <Box sx={{ display: 'grid', gap: 3, gridTemplateColumns: { xs: '1fr', lg: '1fr 320px' }, alignItems: 'start' }}>
          <Card variant="outlined">
            <CardContent>
              <Typography variant="h2" gutterBottom>
                Días de la quincena
              </Typography>
              <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
                Del {longDate(load.data.quincena.start)} al {longDate(load.data.quincena.end)}, en horas de la Ciudad de México. Para una
                incidencia sin justificar, use «Justificar».
              </Typography>
              <DaysTable
                days={load.data.days}
                justifications={load.data.justifications}
                onJustify={(date, incident) => setTarget({ date, incident })}
              />
            </CardContent>
          </Card>
          <TotalsCard totals={load.data.totals} />
        </Box>
      )}
      <JustificationDialog target={target} onClose={() => setTarget(null)} onSubmit={submitJustification} />
    </Box>
  );
}
