import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import type { KioskCheckInResponse } from '../../api/insured.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useDocumentTitle } from '../../components/useDocumentTitle.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { useClinicStations } from './useClinicStations.ts';

type Outcome = KioskCheckInResponse;

/**
 * The clinic kiosk (issue 15, item 4): the patient puts a finger (or types the NSS first for 1:1);
 * found → checked in with a turn; not found → to the window with the NSS. Never a denial of care.
 */
export function ClinicKioskPage() {
  useDocumentTitle('Quiosco de la clínica');
  const { client } = useSession();
  const stations = useClinicStations();
  const [stationId, setStationId] = useState('');
  const [nss, setNss] = useState('');
  const [onGlass, setOnGlass] = useState('');
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const station = stations.data?.find((s) => s.id === stationId) ?? stations.data?.[0] ?? null;
  const reader = station?.readers.find((r) => r.modality === 'huella') ?? null;

  async function putFinger() {
    if (!station || !reader) return;
    setBusy(true);
    setError(null);
    setOutcome(null);
    try {
      // The simulated reader makes the print of whoever the demo says is on the glass.
      const simulate = reader.driver === 'simulado' ? { simulate: onGlass.trim() ? { identity: onGlass.trim().toUpperCase() } : { identity: 'desconocido' } } : {};
      setOutcome(await client.post<Outcome>('/api/care/kiosk/check-in', { stationId: station.id, nss: nss.trim() || null, fingerReaderId: reader.id, fingers: [{ position: 2, ...simulate }] }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Box sx={{ maxWidth: 720 }}>
      <Typography variant="h1" gutterBottom>
        Quiosco de la clínica {station ? `— ${station.clinic.name}` : ''}
      </Typography>
      <ErrorAlert error={stations.error} />
      {stations.data && stations.data.length === 0 && <Alert severity="info">Ninguna estación está ubicada en una unidad médica (Administración → estaciones).</Alert>}
      {stations.data && stations.data.length > 1 && (
        <TextField select label="Estación" value={station?.id ?? ''} onChange={(e) => setStationId(e.target.value)} sx={{ mb: 2, minWidth: 280 }}>
          {stations.data.map((s) => (
            <MenuItem key={s.id} value={s.id}>
              {s.name}
            </MenuItem>
          ))}
        </TextField>
      )}
      <Card variant="outlined">
        <CardContent>
          <Typography variant="h2" gutterBottom>
            Registre su llegada con su huella
          </Typography>
          <Typography color="text.secondary" sx={{ mb: 2 }}>
            Ponga su dedo índice derecho en el lector. Si lo prefiere, escriba antes su NSS.
          </Typography>
          <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', mb: 2 }}>
            <TextField label="NSS (opcional)" value={nss} onChange={(e) => setNss(e.target.value)} slotProps={{ htmlInput: { inputMode: 'numeric', maxLength: 11 } }} />
            {reader?.driver === 'simulado' && <TextField label="Persona en el lector (demostración: CURP)" value={onGlass} onChange={(e) => setOnGlass(e.target.value)} sx={{ minWidth: 320 }} />}
          </Box>
          <Button variant="contained" size="large" disabled={!reader || busy} onClick={() => void putFinger()}>
            Poner el dedo
          </Button>
        </CardContent>
      </Card>
      <Box sx={{ mt: 2 }}>
        <ErrorAlert error={error} />
        {outcome && (
          <Alert severity={outcome.found && outcome.turn ? 'success' : 'info'} role="status" data-testid="kiosk-outcome">
            {outcome.greeting && <Typography sx={{ fontWeight: 600 }}>Hola, {outcome.greeting}</Typography>}
            {outcome.turn !== null && (
              <Typography variant="h2" component="p" data-testid="turn">
                Turno {outcome.turn}
              </Typography>
            )}
            <Typography>{outcome.message}</Typography>
          </Alert>
        )}
      </Box>
    </Box>
  );
}
