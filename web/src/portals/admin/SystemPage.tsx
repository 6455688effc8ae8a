import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { adminApi, type SystemInfo } from '../../api/admin.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useDocumentTitle } from '../../components/useDocumentTitle.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { AdminNav } from './AdminNav.tsx';

const PURPOSES: Record<string, string> = { asistencia: 'Asistencia', supervivencia: 'Supervivencia', firma: 'Firma', kiosco: 'Quiosco', deduplicación: 'Deduplicación (enrolamiento)' };
const NUMBER = new Intl.NumberFormat('es-MX');

/** «1 en 10 000» for 1e-4: how a person reads an error rate. */
export function oneIn(rate: number): string {
  if (!(rate > 0)) return '—';
  return `1 en ${NUMBER.format(Math.round(1 / rate))}`;
}

/** Versions, engines, what each threshold means in errors, the database and the gallery. */
export function SystemPage() {
  useDocumentTitle('Administración · Sistema');
  const { client } = useSession();
  const api = useMemo(() => adminApi(client), [client]);
  const info = useQuery({ queryKey: ['admin', 'system'], queryFn: api.system });
  const data = info.data;
  return (
    <Box>
      <Typography variant="h1" gutterBottom>
        Sistema
      </Typography>
      <AdminNav />
      <ErrorAlert error={info.error} />
      {info.isPending && !data && <Typography>Cargando…</Typography>}
      {data && (
        <Box sx={{ display: 'grid', gap: 3, gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' }, alignItems: 'start' }}>
          <Facts
            title="Versiones"
            rows={[
              ['SIAP Biométrico', data.version],
              ['Node.js', data.node],
              ['Plantilla de huella', data.engines.fingerprintTemplate],
              ['Modelo facial', data.engines.faceModel],
            ]}
          />
          <Facts
            title="Base de datos y galería"
            rows={[
              ['Motor', data.database.engine],
              ['Versión', data.database.version.split(' on ')[0] ?? data.database.version],
              ['Migraciones aplicadas', data.database.migrations.join(', ')],
              ['Galería 1:N: personas con huellas', NUMBER.format(data.gallery.fingers)],
              ['Galería 1:N: personas con rostro', NUMBER.format(data.gallery.faces)],
            ]}
          />
          <Card variant="outlined" sx={{ gridColumn: { md: '1 / -1' } }}>
            <CardContent>
              <Typography variant="h2" gutterBottom>
                Umbrales de decisión y lo que significan
              </Typography>
              <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
                Huella: el puntaje se lee como 10 · −log₁₀(FMR), medido sobre 104 640 comparaciones de impostores. Rostro: FAR medida del modelo en su umbral calibrado ({data.engines.faceCalibration}); si el umbral se cambió, la tasa no está medida.
              </Typography>
              <Table size="small" aria-label="Umbrales">
                <TableHead>
                  <TableRow>
                    <TableCell>Finalidad</TableCell>
                    <TableCell>Umbral de huella</TableCell>
                    <TableCell>Falsas coincidencias (huella)</TableCell>
                    <TableCell>Umbral de rostro</TableCell>
                    <TableCell>Falsas aceptaciones (rostro)</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {[...data.thresholds, data.dedup].map((t: SystemInfo['dedup']) => (
                    <TableRow key={t.purpose}>
                      <TableCell>{PURPOSES[t.purpose] ?? t.purpose}</TableCell>
                      <TableCell>{t.finger}</TableCell>
                      <TableCell>{oneIn(t.fingerFmr)}</TableCell>
                      <TableCell>{t.face}</TableCell>
                      <TableCell>{t.faceFar === null ? 'no medida' : oneIn(t.faceFar)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </CardContent>
          </Card>
        </Box>
      )}
    </Box>
  );
}

function Facts({ title, rows }: { title: string; rows: Array<[string, string]> }) {
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="h2" gutterBottom>
          {title}
        </Typography>
        <Box component="dl" sx={{ m: 0, display: 'grid', gridTemplateColumns: 'auto 1fr', columnGap: 2, rowGap: 1 }}>
          {rows.map(([label, value]) => (
            <Box key={label} sx={{ display: 'contents' }}>
              <Typography component="dt" color="text.secondary">{label}</Typography>
              <Typography component="dd" sx={{ m: 0, wordBreak: 'break-word' }}>{value}</Typography>
            </Box>
          ))}
        </Box>
      </CardContent>
    </Card>
  );
}
