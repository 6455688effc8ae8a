import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { employerDownloads, type Contributions } from '../../api/employer.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useDocumentTitle } from '../../components/useDocumentTitle.ts';
import { BRANCH_LABELS, pesos, todayCivil } from './labels.ts';
import { DownloadButton } from './DownloadButton.tsx';
import { PatronNav } from './PatronNav.tsx';
import { usePatron } from './usePatron.ts';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const MONTH_NAME = new Intl.DateTimeFormat('es-MX', { month: 'long', year: 'numeric', timeZone: 'UTC' });

function sum(amounts: Array<{ employer: string; worker: string }>, party: 'employer' | 'worker'): string {
  // Cents as integers: the server's amounts are exact decimals with two places.
  return (amounts.reduce((total, a) => total + Math.round(Number(a[party]) * 100), 0) / 100).toFixed(2);
}

function TotalsTable({ data }: { data: Contributions }) {
  return (
    <TableContainer component={Card} variant="outlined">
      <Table size="small" aria-label="Totales por ramo">
        <TableHead>
          <TableRow>
            <TableCell>Ramo</TableCell>
            <TableCell align="right">Patrón</TableCell>
            <TableCell align="right">Trabajador</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {data.totals.map((t) => (
            <TableRow key={t.branch}>
              <TableCell>{BRANCH_LABELS[t.branch] ?? t.branch}</TableCell>
              <TableCell align="right">{pesos(t.employer)}</TableCell>
              <TableCell align="right">{pesos(t.worker)}</TableCell>
            </TableRow>
          ))}
          <TableRow>
            <TableCell sx={{ fontWeight: 700 }}>Total</TableCell>
            <TableCell align="right" sx={{ fontWeight: 700 }}>{pesos(data.total.employer)}</TableCell>
            <TableCell align="right" sx={{ fontWeight: 700 }}>{pesos(data.total.worker)}</TableCell>
          </TableRow>
        </TableBody>
      </Table>
    </TableContainer>
  );
}

function WorkersTable({ data }: { data: Contributions }) {
  return (
    <TableContainer component={Card} variant="outlined">
      <Table size="small" aria-label="Cuotas por trabajador">
        <TableHead>
          <TableRow>
            <TableCell>Trabajador</TableCell>
            <TableCell>NSS</TableCell>
            <TableCell align="right">SBC</TableCell>
            <TableCell align="right">Tasa CyV patronal</TableCell>
            <TableCell align="right">Patrón</TableCell>
            <TableCell align="right">Trabajador</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {data.workers.map((w) => (
            <TableRow key={w.nss}>
              <TableCell>{w.name}</TableCell>
              <TableCell>{w.nss}</TableCell>
              <TableCell align="right">{pesos(w.sbc)}</TableCell>
              <TableCell align="right">{w.cesantiaVejezRate} %</TableCell>
              <TableCell align="right">{pesos(sum(w.branches, 'employer'))}</TableCell>
              <TableCell align="right">{pesos(sum(w.branches, 'worker'))}</TableCell>
            </TableRow>
          ))}
          {data.workers.length === 0 && (
            <TableRow>
              <TableCell colSpan={6}>
                <Typography color="text.secondary">Nadie cotizó en este registro patronal en el mes.</Typography>
              </TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

/** Cuotas obrero-patronales of a registro patronal and a month: per worker, per branch, totals, CSV. */
export function ContributionsPage() {
  useDocumentTitle('Patrón · Cuotas');
  const patron = usePatron();
  const [params, setParams] = useSearchParams();
  const month = MONTH.test(params.get('mes') ?? '') ? params.get('mes')! : todayCivil().slice(0, 7);
  const registro = patron.registro?.registro ?? null;
  const result = useQuery({ queryKey: ['employer', 'contributions', registro, month], queryFn: () => (registro ? patron.api.contributions(registro, month) : Promise.resolve(null)) });
  const setMonth = (value: string) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      next.set('mes', value);
      return next;
    });

  return (
    <Box>
      <Typography variant="h1" gutterBottom>
        Cuotas obrero-patronales
      </Typography>
      <PatronNav patron={patron} />
      <Stack direction="row" spacing={2} sx={{ mb: 1, alignItems: 'center', flexWrap: 'wrap' }}>
        <TextField label="Mes" type="month" value={month} onChange={(e) => MONTH.test(e.target.value) && setMonth(e.target.value)} slotProps={{ inputLabel: { shrink: true } }} sx={{ width: 220 }} />
        {registro && (
          <DownloadButton variant="outlined" path={employerDownloads.contributionsCsv(registro, month)} fallbackName={`cuotas-${registro}-${month}.csv`}>
            Descargar CSV
          </DownloadButton>
        )}
      </Stack>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {MONTH_NAME.format(new Date(`${month}-01T00:00:00Z`))}
        {result.data ? ` · UMA ${pesos(result.data.uma)}` : ''} · días de cada trabajador según sus movimientos; ausencias e incapacidades no se capturan en este sistema.
      </Typography>
      <ErrorAlert error={result.error} />
      {result.data && (
        <Stack spacing={3}>
          <WorkersTable data={result.data} />
          <Typography variant="h2">Totales del mes por ramo</Typography>
          <TotalsTable data={result.data} />
        </Stack>
      )}
    </Box>
  );
}
