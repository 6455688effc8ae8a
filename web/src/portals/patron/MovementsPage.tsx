import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Link from '@mui/material/Link';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState, type FormEvent } from 'react';
import { Link as RouterLink, useSearchParams } from 'react-router';
import type { BajaCause, Movement, NewMovement } from '../../api/employer.ts';
import { ApiError } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useDocumentTitle } from '../../components/useDocumentTitle.ts';
import { BAJA_CAUSES, civilDate, MOVEMENT_LABELS, pesos, todayCivil } from './labels.ts';
import { PatronNav } from './PatronNav.tsx';
import { NativeSelect, SalaryFields, type SalaryInput } from './SalaryFields.tsx';
import { usePatron } from './usePatron.ts';

type Kind = NewMovement['kind'];
const KINDS: Record<Kind, string> = { alta: 'Alta o reingreso', modificacion: 'Modificación de salario', baja: 'Baja' };
const isKind = (value: string | null): value is Kind => value === 'alta' || value === 'modificacion' || value === 'baja';

/** An alta refused for lack of biometrics: the server's message, and where to get enrolled. */
function BiometricsRequired({ error }: { error: ApiError }) {
  const stations = (error.details.stations as Array<{ code: string; name: string }> | undefined) ?? [];
  return (
    <Alert severity="warning" role="alert" data-error-code={error.code}>
      <AlertTitle>Alta no registrada: falta el registro biométrico</AlertTitle>
      {error.message}
      {stations.length > 0 && (
        <Box component="ul" sx={{ my: 1, pl: 3 }}>
          {stations.map((s) => (
            <li key={s.code}>
              {s.name} ({s.code})
            </li>
          ))}
        </Box>
      )}
      <Typography variant="body2" sx={{ mt: 1 }}>
        Cuando la persona tenga su registro biométrico («Registrado» en la relación de trabajadores), vuelva a presentar el alta con la fecha de ingreso real; si ya pasó el plazo de 5 días hábiles, el alta se acepta marcada como extemporánea.
      </Typography>
    </Alert>
  );
}

function Recorded({ movement }: { movement: Movement }) {
  return (
    <Alert severity={movement.late ? 'warning' : 'success'} role="status">
      <AlertTitle>
        {MOVEMENT_LABELS[movement.kind]} {movement.kind === 'reingreso' ? 'registrado' : 'registrada'}
      </AlertTitle>
      NSS {movement.nss} · fecha de efecto {civilDate(movement.date)}
      {movement.sbc ? ` · SBC ${pesos(movement.sbc)}` : ''}
      {movement.late ? `. Presentado fuera de plazo: ${movement.businessDaysLate} día(s) hábil(es) después de los 5 que da la ley (LSS art. 15).` : '.'}
    </Alert>
  );
}

/** Movimientos afiliatorios (IDSE): alta/reingreso, modificación de salario, baja with its cause. */
export function MovementsPage() {
  useDocumentTitle('Patrón · Movimientos');
  const patron = usePatron();
  const [params, setParams] = useSearchParams();
  const kind: Kind = isKind(params.get('tipo')) ? (params.get('tipo') as Kind) : 'alta';
  const [curp, setCurp] = useState(params.get('curp') ?? '');
  const [nss, setNss] = useState('');
  const [date, setDate] = useState(todayCivil);
  const [salary, setSalary] = useState<SalaryInput>({ dailySalary: '', integrationFactor: '1.0493', workerType: 'permanente', salaryType: 'fijo', jornada: 'completa' });
  const [umf, setUmf] = useState('');
  const [bajaCause, setBajaCause] = useState<BajaCause>('termino_contrato');
  const [error, setError] = useState<unknown>(null);
  const [recorded, setRecorded] = useState<Movement | null>(null);
  const [busy, setBusy] = useState(false);

  const setKind = (next: Kind) => {
    setError(null);
    setRecorded(null);
    setParams((current) => {
      const copy = new URLSearchParams(current);
      copy.set('tipo', next);
      return copy;
    });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const registro = patron.registro?.registro;
    if (!registro || busy) return;
    const body: NewMovement = { kind, curp: curp.trim().toUpperCase(), date };
    if (kind !== 'baja') Object.assign(body, salary);
    if (kind === 'alta') Object.assign(body, { nss: nss.trim() || undefined, umf: umf.trim() || undefined });
    if (kind === 'baja') body.bajaCause = bajaCause;
    setBusy(true);
    setError(null);
    setRecorded(null);
    try {
      setRecorded(await patron.api.registerMovement(registro, body));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box>
      <Typography variant="h1" gutterBottom>
        Movimientos afiliatorios
      </Typography>
      <PatronNav patron={patron} />
      <Card variant="outlined">
        <Tabs value={kind} onChange={(_, v: Kind) => setKind(v)} aria-label="Tipo de movimiento" sx={{ borderBottom: 1, borderColor: 'divider' }}>
          {(Object.keys(KINDS) as Kind[]).map((k) => (
            <Tab key={k} value={k} label={KINDS[k]} id={`mov-${k}`} aria-controls="mov-panel" />
          ))}
        </Tabs>
        <CardContent role="tabpanel" id="mov-panel" aria-labelledby={`mov-${kind}`}>
          <Typography color="text.secondary" sx={{ mb: 2 }}>
            {kind === 'alta' && 'Desde 2025 toda alta requiere que la persona tenga su registro biométrico (huellas y rostro). Un alta después de una baja en este registro se registra como reingreso.'}
            {kind === 'modificacion' && 'El nuevo salario rige desde la fecha de efecto; no puede ser anterior al último movimiento.'}
            {kind === 'baja' && 'La baja termina la relación en este registro patronal; la persona conserva sus derechos según la LSS art. 109.'}
            {' '}Registro patronal {patron.registro?.registro ?? '—'}.
          </Typography>
          <Box component="form" noValidate onSubmit={(e) => void submit(e)} aria-label={KINDS[kind]} sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: '1fr 1fr 1fr' } }}>
            <TextField label="CURP" value={curp} onChange={(e) => setCurp(e.target.value.toUpperCase().replace(/\s/g, ''))} required slotProps={{ htmlInput: { maxLength: 18, spellCheck: false } }} />
            {kind === 'alta' && <TextField label="NSS (si no lo tiene registrado)" value={nss} onChange={(e) => setNss(e.target.value.replace(/\D/g, ''))} slotProps={{ htmlInput: { maxLength: 11, inputMode: 'numeric' } }} />}
            <TextField label="Fecha de efecto" type="date" value={date} onChange={(e) => setDate(e.target.value)} required slotProps={{ inputLabel: { shrink: true }, htmlInput: { max: todayCivil() } }} />
            {kind !== 'baja' && <SalaryFields value={salary} onChange={setSalary} />}
            {kind === 'alta' && <TextField label="Unidad de Medicina Familiar" value={umf} onChange={(e) => setUmf(e.target.value)} helperText="Por ejemplo «UMF 20 Vallejo»" />}
            {kind === 'baja' && <NativeSelect label="Causa de la baja" value={bajaCause} options={BAJA_CAUSES} onChange={setBajaCause} />}
            <Box sx={{ gridColumn: '1 / -1' }}>
              <Button type="submit" variant="contained" disabled={busy || !patron.registro}>
                {busy ? 'Registrando…' : `Registrar ${kind === 'alta' ? 'alta' : kind === 'baja' ? 'baja' : 'modificación'}`}
              </Button>
            </Box>
          </Box>
        </CardContent>
      </Card>
      <Box sx={{ mt: 2, display: 'grid', gap: 1 }}>
        {error instanceof ApiError && error.code === 'BIOMETRICS_REQUIRED' ? <BiometricsRequired error={error} /> : <ErrorAlert error={error} />}
        {recorded && <Recorded movement={recorded} />}
        {recorded && (
          <Link component={RouterLink} to={patron.to(`/patron/trabajadores/${encodeURIComponent(curp.trim().toUpperCase())}`)}>
            Ver el historial de esta persona
          </Link>
        )}
      </Box>
    </Box>
  );
}
