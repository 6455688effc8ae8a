import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { AccessEntry, privacyApi } from '../../api/privacy.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';

const ROLE_LABEL: Record<string, string> = {
  operador: 'Operador de ventanilla',
  supervisor: 'Supervisor',
  admin: 'Administrador',
  medico: 'Médico familiar',
  privacidad: 'Unidad de Transparencia',
  empleado: 'Personal',
  quiosco: 'Quiosco de asistencia',
};

export function whoLabel(a: AccessEntry): string {
  if (a.who.kind === 'usted') return 'Usted (su propia cuenta)';
  if (a.who.kind === 'sistema') return 'Proceso automático del sistema';
  if (a.who.kind === 'quiosco') return 'Quiosco de asistencia';
  return [a.who.role ? (ROLE_LABEL[a.who.role] ?? a.who.role) : 'Personal del Instituto', a.who.unit ? `OOAD ${a.who.unit}` : null].filter(Boolean).join(' · ');
}

/** Every read of the person's data (audit log), newest first, with "No reconozco este acceso". */
export function AccessList({ api }: { api: ReturnType<typeof privacyApi> }) {
  const accesses = useQuery({ queryKey: ['privacy', 'my-accesses'], queryFn: () => api.accesses() });
  const entries = accesses.data;
  const [reporting, setReporting] = useState<number | null>(null);
  const [text, setText] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [reportError, setError] = useState<unknown>(null);
  const error = reportError ?? accesses.error;

  const report = async (seq: number) => {
    try {
      const filed = await api.report(seq, text);
      setDone(`Reporte enviado a la Unidad de Transparencia con el folio ${filed.folio}.`);
      setReporting(null);
      setText('');
    } catch (failure) {
      setError(failure);
    }
  };

  if (!entries) return <ErrorAlert error={error} />;
  return (
    <>
      <Typography sx={{ mb: 1 }}>Cada consulta de sus datos personales o biométricos: cuándo, qué área y puesto (no el nombre de la persona servidora pública) y para qué.</Typography>
      {done && <Typography color="success.main" data-testid="report-done">{done}</Typography>}
      <Table size="small" aria-label="Consultas de mis datos">
        <TableHead>
          <TableRow>
            <TableCell>Fecha</TableCell>
            <TableCell>Quién</TableCell>
            <TableCell>Finalidad</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {entries.map((a) => (
            <TableRow key={a.seq}>
              <TableCell>{new Date(a.at).toLocaleString('es-MX')}</TableCell>
              <TableCell>{whoLabel(a)}</TableCell>
              <TableCell>{a.purpose}</TableCell>
              <TableCell>
                {a.who.kind !== 'usted' && reporting !== a.seq && (
                  <Button size="small" onClick={() => setReporting(a.seq)}>
                    No reconozco este acceso
                  </Button>
                )}
                {reporting === a.seq && (
                  <Stack spacing={1}>
                    <TextField size="small" label="¿Por qué no lo reconoce?" value={text} onChange={(e) => setText(e.target.value)} />
                    <Button size="small" variant="contained" disabled={text.trim().length < 5} onClick={() => void report(a.seq)}>
                      Enviar reporte
                    </Button>
                  </Stack>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <ErrorAlert error={error} />
    </>
  );
}
