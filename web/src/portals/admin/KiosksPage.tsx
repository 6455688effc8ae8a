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
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { adminApi } from '../../api/admin.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { formatDateTime } from './format.ts';
import { useDocumentTitle } from '../../components/useDocumentTitle.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { AdminNav } from './AdminNav.tsx';

const STATUS_LABELS = { pendiente: 'Esperando aprobación', vinculado: 'Vinculado', revocado: 'Desvinculado' } as const;

/**
 * Kiosk pairing: the kiosk's screen shows a code; the admin types it here and picks the station.
 * The server registers the kiosk's key for that station; no key is copied by hand.
 */
export function KiosksPage() {
  useDocumentTitle('Administración · Quioscos');
  const { client } = useSession();
  const api = useMemo(() => adminApi(client), [client]);
  const devices = useQuery({ queryKey: ['admin', 'kiosks'], queryFn: api.kiosks });
  const stations = useQuery({ queryKey: ['admin', 'stations'], queryFn: api.stations });
  const [code, setCode] = useState('');
  const [stationId, setStationId] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const approve = async (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    setNotice(null);
    try {
      const device = await api.approveKiosk(code, stationId);
      setNotice(`Quiosco ${device.code} vinculado a ${device.station?.name ?? 'la estación'}. Su pantalla cambia sola en unos segundos.`);
      setCode('');
      void devices.refetch();
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <Box>
      <Typography variant="h1" gutterBottom>
        Quioscos de asistencia
      </Typography>
      <AdminNav />
      <Stack spacing={3}>
        <Card variant="outlined">
          <CardContent>
            <Typography variant="h2" gutterBottom>
              Vincular un quiosco
            </Typography>
            <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
              En el equipo que será quiosco abra <code>/kiosco</code> y elija «Vincular este equipo como quiosco»: la pantalla muestra un código. Escríbalo aquí y elija la estación.
            </Typography>
            <Box component="form" onSubmit={(e) => void approve(e)} sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: '1fr 2fr auto' }, alignItems: 'start' }}>
              <TextField label="Código del quiosco" value={code} onChange={(e) => setCode(e.target.value)} required slotProps={{ htmlInput: { maxLength: 12, autoComplete: 'off', style: { textTransform: 'uppercase' } } }} />
              <TextField select label="Estación" value={stationId} onChange={(e) => setStationId(e.target.value)} required slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}>
                <option value="">Seleccione la estación</option>
                {(stations.data ?? []).map((s) => (
                  <option key={s.id} value={s.id}>{s.name} ({s.code})</option>
                ))}
              </TextField>
              <Button type="submit" variant="contained" sx={{ mt: 1 }} disabled={!code.trim() || !stationId}>
                Aprobar y vincular
              </Button>
            </Box>
          </CardContent>
        </Card>
        {notice && <Alert severity="success" role="status">{notice}</Alert>}
        <ErrorAlert error={error} />
        <ErrorAlert error={devices.error} />
        <TableContainer component={Card} variant="outlined">
          <Table size="small" aria-label="Quioscos">
            <TableHead>
              <TableRow>
                <TableCell>Código</TableCell>
                <TableCell>Estado</TableCell>
                <TableCell>Estación</TableCell>
                <TableCell>Solicitado</TableCell>
                <TableCell>Última conexión</TableCell>
                <TableCell>Acciones</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {(devices.data ?? []).length === 0 && (
                <TableRow>
                  <TableCell colSpan={6}>Ningún quiosco vinculado ni en espera.</TableCell>
                </TableRow>
              )}
              {(devices.data ?? []).map((d) => (
                <TableRow key={d.id}>
                  <TableCell sx={{ fontFamily: 'monospace' }}>{d.code}</TableCell>
                  <TableCell>
                    <Chip size="small" label={STATUS_LABELS[d.status]} color={d.status === 'vinculado' ? 'success' : d.status === 'pendiente' ? 'warning' : 'default'} />
                  </TableCell>
                  <TableCell>{d.station ? `${d.station.name} (${d.station.code})` : '—'}</TableCell>
                  <TableCell>{formatDateTime(d.createdAt)}</TableCell>
                  <TableCell>{d.lastSeenAt ? formatDateTime(d.lastSeenAt) : '—'}</TableCell>
                  <TableCell>
                    {d.status === 'vinculado' && (
                      <Button size="small" color="error" variant="outlined" onClick={() => api.revokeKiosk(d.id).then(() => { setNotice(`Quiosco ${d.code} desvinculado.`); void devices.refetch(); }, setError)}>
                        Desvincular
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      </Stack>
    </Box>
  );
}
