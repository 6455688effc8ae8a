import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { OOADS } from '@siap/mx-identity';
import { useMemo, useState } from 'react';
import { adminApi, type AdminStation, type NewReader } from '../../api/admin.ts';
import { biometricsApi } from '../../api/biometrics.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useDocumentTitle } from '../../components/useDocumentTitle.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { AdminNav } from './AdminNav.tsx';

const OOAD_OPTIONS = [...OOADS].sort((a, b) => a.name.localeCompare(b.name, 'es-MX'));
const DRIVERS: Array<{ value: NewReader['driver']; label: string }> = [
  { value: 'simulado', label: 'Simulado (demostración)' },
  { value: 'camara_web', label: 'Cámara web' },
  { value: 'archivo', label: 'Archivo (imagen subida en ventanilla)' },
];

/** Stations and their readers; each station's readers listed under «Seleccionar Lector Biométrico». */
export function StationsPage() {
  useDocumentTitle('Administración · Estaciones y lectores');
  const { client } = useSession();
  const api = useMemo(() => adminApi(client), [client]);
  const readersApi = useMemo(() => biometricsApi(client), [client]);
  const stations = useQuery({ queryKey: ['admin', 'stations'], queryFn: api.stations });
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [ooadCode, setOoadCode] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const createStation = async (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const station = await api.createStation({ code: code.trim(), name: name.trim(), ooadCode: ooadCode || null });
      setNotice(`Estación ${station.name} (${station.code}) creada.`);
      setCode('');
      setName('');
      void stations.refetch();
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <Box>
      <Typography variant="h1" gutterBottom>
        Estaciones y lectores
      </Typography>
      <AdminNav />
      <Stack spacing={3}>
        <Card variant="outlined">
          <CardContent>
            <Typography variant="h2" gutterBottom>
              Nueva estación
            </Typography>
            <Box component="form" onSubmit={(e) => void createStation(e)} sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: '1fr 2fr 2fr auto' }, alignItems: 'start' }}>
              <TextField label="Clave" value={code} onChange={(e) => setCode(e.target.value)} required helperText="Letras, dígitos, - . _" />
              <TextField label="Nombre" value={name} onChange={(e) => setName(e.target.value)} required />
              <TextField select label="OOAD de la estación" value={ooadCode} onChange={(e) => setOoadCode(e.target.value)} slotProps={{ select: { native: true }, inputLabel: { shrink: true } }} helperText="Opcional; un quiosco con OOAD busca la matrícula en ella">
                <option value="">Sin OOAD</option>
                {OOAD_OPTIONS.map((o) => (
                  <option key={o.code} value={o.code}>{o.name} ({o.code})</option>
                ))}
              </TextField>
              <Button type="submit" variant="contained" sx={{ mt: 1 }}>
                Crear estación
              </Button>
            </Box>
          </CardContent>
        </Card>
        {notice && <Alert severity="success" role="status">{notice}</Alert>}
        <ErrorAlert error={error} />
        <ErrorAlert error={stations.error} />
        {(stations.data ?? []).map((station) => (
          <StationCard
            key={station.id}
            station={station}
            addReader={async (input) => {
              await api.addReader(station.id, input);
              setNotice(`Lector «${input.name}» agregado a ${station.name}.`);
              void stations.refetch();
            }}
            connect={async (readerId) => {
              await readersApi.setReaderConnected(readerId, true);
              void stations.refetch();
            }}
          />
        ))}
      </Stack>
    </Box>
  );
}

function StationCard({ station, addReader, connect }: { station: AdminStation; addReader: (input: NewReader) => Promise<void>; connect: (readerId: string) => Promise<void> }) {
  const [name, setName] = useState('');
  const [driver, setDriver] = useState<NewReader['driver']>('simulado');
  const [modality, setModality] = useState<NewReader['modality']>('huella');
  const [selected, setSelected] = useState('');
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await addReader({ name: name.trim(), driver, modality });
      setName('');
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <Card variant="outlined" data-testid={`estacion-${station.code}`}>
      <CardContent>
        <Typography variant="h2" gutterBottom>
          {station.name} <Typography component="span" color="text.secondary">({station.code}{station.ooadCode ? ` · OOAD ${station.ooadCode}` : ''})</Typography>
        </Typography>
        <Typography variant="h3" sx={{ fontSize: '1.05rem', mt: 2, mb: 1 }}>
          Seleccionar Lector Biométrico
        </Typography>
        {station.readers.length === 0 && <Typography color="text.secondary">Sin lectores.</Typography>}
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ alignItems: { sm: 'center' }, mb: 1 }}>
          {station.readers.length > 0 && (
            <TextField select size="small" label="Lector" value={selected} onChange={(e) => setSelected(e.target.value)} sx={{ minWidth: 280 }}>
              <MenuItem value="">Ninguno</MenuItem>
              {station.readers.map((r) => (
                <MenuItem key={r.id} value={r.id}>
                  {r.name} · {r.modality === 'huella' ? 'huella' : 'rostro'}
                </MenuItem>
              ))}
            </TextField>
          )}
          {selected && (
            <Button size="small" variant="outlined" onClick={() => connect(selected).catch(setError)}>
              Marcar conectado
            </Button>
          )}
        </Stack>
        <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', mb: 2 }}>
          {station.readers.map((r) => (
            <Chip key={r.id} label={`${r.name} · ${r.driver} · ${r.connected ? 'conectado' : 'desconectado'}`} color={r.connected ? 'success' : 'default'} variant="outlined" />
          ))}
        </Stack>
        <Box component="form" onSubmit={(e) => void submit(e)} sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: '2fr 1fr 1fr auto' }, alignItems: 'start' }}>
          <TextField size="small" label="Nombre del lector nuevo" value={name} onChange={(e) => setName(e.target.value)} required />
          <TextField size="small" select label="Controlador" value={driver} onChange={(e) => setDriver(e.target.value as NewReader['driver'])} slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}>
            {DRIVERS.map((d) => (
              <option key={d.value} value={d.value}>{d.label}</option>
            ))}
          </TextField>
          <TextField size="small" select label="Modalidad" value={modality} onChange={(e) => setModality(e.target.value as NewReader['modality'])} slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}>
            <option value="huella">Huella</option>
            <option value="rostro">Rostro</option>
          </TextField>
          <Button type="submit" variant="outlined">
            Agregar lector
          </Button>
        </Box>
        <Box sx={{ mt: 1 }}>
          <ErrorAlert error={error} />
        </Box>
      </CardContent>
    </Card>
  );
}
