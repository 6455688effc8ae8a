import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { Link as RouterLink } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { employerDownloads } from '../../api/employer.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useDocumentTitle } from '../../components/useDocumentTitle.ts';
import { BIOMETRIC_COLORS, BIOMETRIC_LABELS, civilDate, MOVEMENT_LABELS, pesos } from './labels.ts';
import { DownloadButton } from './DownloadButton.tsx';
import { PatronNav } from './PatronNav.tsx';
import { usePatron } from './usePatron.ts';

/** The registro's workers: NSS, CURP, biometric status, current SBC; a CSV of the same list. */
export function WorkersPage() {
  useDocumentTitle('Patrón · Trabajadores');
  const patron = usePatron();
  const registro = patron.registro?.registro ?? null;
  const workers = useQuery({ queryKey: ['employer', 'workers', registro], queryFn: () => (registro ? patron.api.workers(registro) : Promise.resolve([])) });
  const [showFormer, setShowFormer] = useState(false);
  const rows = (workers.data ?? []).filter((w) => showFormer || w.employed);

  return (
    <Box>
      <Typography variant="h1" gutterBottom>
        Personas trabajadoras
      </Typography>
      <PatronNav patron={patron} />
      <Stack direction="row" spacing={2} sx={{ mb: 2, alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography color="text.secondary" sx={{ flexGrow: 1 }}>
          Registro patronal {registro ?? '—'}. El salario base de cotización (SBC) es el del último movimiento.
        </Typography>
        <FormControlLabel control={<Switch checked={showFormer} onChange={(e) => setShowFormer(e.target.checked)} />} label="Incluir bajas" />
        {registro && (
          <DownloadButton variant="outlined" path={employerDownloads.workersCsv(registro)} fallbackName={`trabajadores-${registro}.csv`}>
            Descargar CSV
          </DownloadButton>
        )}
        <Button variant="contained" component={RouterLink} to={patron.to('/patron/movimientos', { tipo: 'alta' })}>
          Registrar alta
        </Button>
      </Stack>
      <ErrorAlert error={workers.error} />
      <TableContainer component={Card} variant="outlined">
        <Table size="small" aria-label="Trabajadores del registro patronal">
          <TableHead>
            <TableRow>
              <TableCell>Nombre</TableCell>
              <TableCell>NSS</TableCell>
              <TableCell>CURP</TableCell>
              <TableCell>Registro biométrico</TableCell>
              <TableCell align="right">SBC diario</TableCell>
              <TableCell>Situación</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((w) => (
              <TableRow key={w.curp}>
                <TableCell>
                  <Link component={RouterLink} to={patron.to(`/patron/trabajadores/${encodeURIComponent(w.curp)}`)}>
                    {w.name || w.curp}
                  </Link>
                </TableCell>
                <TableCell>{w.nss}</TableCell>
                <TableCell sx={{ fontFamily: 'monospace' }}>{w.curp}</TableCell>
                <TableCell>
                  <Chip size="small" color={BIOMETRIC_COLORS[w.biometricStatus]} label={BIOMETRIC_LABELS[w.biometricStatus]} />
                </TableCell>
                <TableCell align="right">{pesos(w.sbc)}</TableCell>
                <TableCell>
                  {w.employed ? `Activo desde ${civilDate(w.since)} (${MOVEMENT_LABELS[w.lastMovement].toLowerCase()})` : 'Baja'}
                </TableCell>
              </TableRow>
            ))}
            {!workers.isPending && rows.length === 0 && (
              <TableRow>
                <TableCell colSpan={6}>
                  <Typography color="text.secondary">No hay personas trabajadoras {showFormer ? '' : 'activas '}en este registro patronal.</Typography>
                </TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </TableContainer>
    </Box>
  );
}
