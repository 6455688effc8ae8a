import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Typography from '@mui/material/Typography';
import { BarChart } from '@mui/x-charts/BarChart';
import { INCIDENT_LABELS, type Incident, type QuincenaAttendance } from '../../api/attendance.ts';

const INCIDENTS: Incident[] = ['retardo', 'falta', 'omision_entrada', 'omision_salida'];

/** The quincena in numbers, and the incidents as a small bar chart. */
export function TotalsCard({ totals }: { totals: QuincenaAttendance['totals'] }) {
  const rows: Array<[string, number]> = [
    ['Días laborables', totals.scheduledDays],
    ['Días asistidos', totals.attendedDays],
    ['Días en curso', totals.pendingDays],
    ['Días por venir', totals.upcomingDays],
    ['Descansos trabajados', totals.restDaysWorked],
    ['Retardos', totals.incidents.retardo],
    ['Faltas', totals.incidents.falta],
    ['Omisiones de entrada', totals.incidents.omision_entrada],
    ['Omisiones de salida', totals.incidents.omision_salida],
    ['Incidencias justificadas', totals.justifiedIncidents],
  ];
  const anyIncident = INCIDENTS.some((i) => totals.incidents[i] > 0);
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="h2" gutterBottom>
          Totales de la quincena
        </Typography>
        <dl style={{ margin: 0, display: 'grid', gridTemplateColumns: '1fr max-content', columnGap: 16, rowGap: 6 }} data-testid="totals">
          {rows.map(([term, value]) => (
            <div key={term} style={{ display: 'contents' }}>
              <Typography component="dt" color="text.secondary">
                {term}
              </Typography>
              <Typography component="dd" sx={{ m: 0, fontWeight: 500, textAlign: 'right' }}>
                {value}
              </Typography>
            </div>
          ))}
        </dl>
        {anyIncident && (
          <Box sx={{ mt: 2 }} role="img" aria-label="Gráfica: incidencias de la quincena por tipo (los mismos números de la lista)">
            <BarChart
              height={180}
              layout="horizontal"
              hideLegend
              margin={{ left: 8, right: 16, top: 8, bottom: 8 }}
              yAxis={[{ scaleType: 'band', data: INCIDENTS.map((i) => INCIDENT_LABELS[i]), width: 130 }]}
              xAxis={[{ tickMinStep: 1 }]}
              series={[{ data: INCIDENTS.map((i) => totals.incidents[i]), label: 'Incidencias', color: '#9f2241' }]}
            />
          </Box>
        )}
      </CardContent>
    </Card>
  );
}
