import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
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
import { OOADS } from '@siap/mx-identity';
import { useMemo, useState } from 'react';
import { adminApi, type AccountSummary, type NewAccount } from '../../api/admin.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PasswordField } from '../../components/PasswordField.tsx';
import { useDocumentTitle } from '../../components/useDocumentTitle.ts';
import { PORTALS } from '../../session/roles.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { AdminNav } from './AdminNav.tsx';

const ROLE_OPTIONS = Object.values(PORTALS);
const STAFF = new Set(['empleado', 'operador', 'supervisor', 'admin', 'medico', 'privacidad']);
const OOAD_OPTIONS = [...OOADS].sort((a, b) => a.name.localeCompare(b.name, 'es-MX'));

/** Accounts: create one for a registered person, and act on existing ones. */
export function AccountsPage() {
  useDocumentTitle('Administración · Cuentas');
  const { client, state } = useSession();
  const api = useMemo(() => adminApi(client), [client]);
  const accounts = useQuery({ queryKey: ['admin', 'accounts'], queryFn: api.accounts });
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [resetting, setResetting] = useState<AccountSummary | null>(null);
  // The server keeps the reason of every disable, enable and session revocation in the audit log.
  const [reason, setReason] = useState('');
  const reasonReady = reason.trim().length >= 5;
  const ownId = state.status === 'authenticated' ? state.session.accountId : '';

  const act = async (run: () => Promise<string>) => {
    setActionError(null);
    setNotice(null);
    try {
      setNotice(await run());
      void accounts.refetch();
    } catch (error) {
      setActionError(error);
    }
  };

  return (
    <Box>
      <Typography variant="h1" gutterBottom>
        Cuentas de acceso
      </Typography>
      <AdminNav />
      <Stack spacing={3}>
        <CreateAccountCard onCreated={(message) => { setNotice(message); void accounts.refetch(); }} create={api.createAccount} />
        {notice && <Alert severity="success" role="status">{notice}</Alert>}
        <ErrorAlert error={actionError} />
        <ErrorAlert error={accounts.error} />
        <TextField
          label="Motivo de la acción"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          helperText="Obligatorio para deshabilitar, habilitar o cerrar sesiones (al menos 5 caracteres); queda en la bitácora."
          slotProps={{ htmlInput: { maxLength: 300 } }}
        />
        <TableContainer component={Card} variant="outlined">
          <Table size="small" aria-label="Cuentas">
            <TableHead>
              <TableRow>
                <TableCell>Persona</TableCell>
                <TableCell>Rol</TableCell>
                <TableCell>Matrícula · OOAD</TableCell>
                <TableCell>Estado</TableCell>
                <TableCell>Acciones</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {(accounts.data ?? []).map((a) => (
                <TableRow key={a.accountId} data-testid={`cuenta-${a.curp}`}>
                  <TableCell>
                    {a.name}
                    <Typography variant="body2" color="text.secondary">{a.curp}</Typography>
                  </TableCell>
                  <TableCell>{PORTALS[a.role].roleLabel}</TableCell>
                  <TableCell>{a.matricula ? `${a.matricula} · ${a.ooad?.name ?? ''} (${a.ooad?.code ?? ''})` : '—'}</TableCell>
                  <TableCell>
                    <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
                      {a.disabled ? <Chip size="small" color="error" label="Deshabilitada" /> : <Chip size="small" color="success" label="Activa" />}
                      {a.lockedUntil && <Chip size="small" color="warning" label="Bloqueada por intentos" />}
                      <Chip size="small" variant="outlined" label={a.activeSessions === 1 ? '1 sesión abierta' : `${a.activeSessions} sesiones abiertas`} />
                    </Stack>
                  </TableCell>
                  <TableCell>
                    <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
                      {a.accountId !== ownId && (
                        <Button size="small" variant="outlined" color={a.disabled ? 'primary' : 'error'} disabled={!reasonReady} onClick={() => void act(async () => {
                          const result = await api.setDisabled(a.accountId, !a.disabled, reason.trim());
                          return a.disabled ? `Cuenta de ${a.name} habilitada.` : `Cuenta de ${a.name} deshabilitada; sesiones cerradas: ${result.sessionsEnded}.`;
                        })}>
                          {a.disabled ? 'Habilitar' : 'Deshabilitar'}
                        </Button>
                      )}
                      <Button size="small" variant="outlined" disabled={a.activeSessions === 0 || !reasonReady} onClick={() => void act(async () => {
                        const result = await api.revokeSessions(a.accountId, reason.trim());
                        return `Sesiones cerradas de ${a.name}: ${result.sessionsEnded}.`;
                      })}>
                        Cerrar sesiones
                      </Button>
                      <Button size="small" variant="outlined" onClick={() => setResetting(a)}>
                        Contraseña temporal
                      </Button>
                    </Stack>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      </Stack>
      <ResetPasswordDialog
        account={resetting}
        onClose={() => setResetting(null)}
        reset={async (account, password) => {
          const result = await api.resetPassword(account.accountId, password);
          setResetting(null);
          setNotice(`Contraseña temporal asignada a ${account.name}; sesiones cerradas: ${result.sessionsEnded}. Entréguela en persona.`);
          void accounts.refetch();
        }}
      />
    </Box>
  );
}

function CreateAccountCard({ create, onCreated }: { create: (input: NewAccount) => Promise<unknown>; onCreated: (message: string) => void }) {
  const [curp, setCurp] = useState('');
  const [role, setRole] = useState<NewAccount['role']>('empleado');
  const [matricula, setMatricula] = useState('');
  const [ooadCode, setOoadCode] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const staff = STAFF.has(role);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await create({ curp: curp.trim().toUpperCase(), role, password, ...(staff ? { matricula: matricula.trim(), ooadCode } : {}) });
      onCreated(`Cuenta creada para ${curp.trim().toUpperCase()} con rol ${PORTALS[role].roleLabel.toLowerCase()}.`);
      setCurp('');
      setMatricula('');
      setPassword('');
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="h2" gutterBottom>
          Nueva cuenta
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          La persona debe estar registrada (CURP validada con el padrón). El personal IMSS ingresa con matrícula y OOAD; pensionados y patrones, con su CURP.
        </Typography>
        <Box component="form" onSubmit={(e) => void submit(e)} noValidate>
          <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: 'repeat(3, 1fr)' } }}>
            <TextField label="CURP" value={curp} onChange={(e) => setCurp(e.target.value)} required slotProps={{ htmlInput: { maxLength: 18, autoComplete: 'off' } }} />
            <TextField select label="Rol" value={role} onChange={(e) => setRole(e.target.value as NewAccount['role'])} slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}>
              {ROLE_OPTIONS.map((p) => (
                <option key={p.role} value={p.role}>{p.roleLabel}</option>
              ))}
            </TextField>
            {staff && <TextField label="Matrícula" value={matricula} onChange={(e) => setMatricula(e.target.value)} required slotProps={{ htmlInput: { inputMode: 'numeric', maxLength: 12 } }} />}
            {staff && (
              <TextField select label="OOAD" value={ooadCode} onChange={(e) => setOoadCode(e.target.value)} required slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}>
                <option value="">Seleccione la OOAD</option>
                {OOAD_OPTIONS.map((o) => (
                  <option key={o.code} value={o.code}>{o.name} ({o.code})</option>
                ))}
              </TextField>
            )}
            <PasswordField label="Contraseña inicial" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" />
          </Box>
          <Box sx={{ mt: 2 }}>
            <ErrorAlert error={error} />
          </Box>
          <Button type="submit" variant="contained" sx={{ mt: 2 }} disabled={busy}>
            Crear cuenta
          </Button>
        </Box>
      </CardContent>
    </Card>
  );
}

function ResetPasswordDialog({ account, onClose, reset }: { account: AccountSummary | null; onClose: () => void; reset: (account: AccountSummary, password: string) => Promise<void> }) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  return (
    <Dialog open={account !== null} onClose={onClose} aria-labelledby="reset-title">
      <DialogTitle id="reset-title">Contraseña temporal{account ? ` · ${account.name}` : ''}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" sx={{ mb: 2 }}>
          Se cierran todas las sesiones de la cuenta. Entregue la contraseña en persona; la persona puede cambiarla con «¿Olvidó su contraseña?».
        </Typography>
        <PasswordField label="Nueva contraseña" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" />
        <Box sx={{ mt: 2 }}>
          <ErrorAlert error={error} />
        </Box>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancelar</Button>
        <Button
          variant="contained"
          onClick={() => {
            if (!account) return;
            setError(null);
            reset(account, password).then(() => setPassword(''), setError);
          }}
        >
          Asignar
        </Button>
      </DialogActions>
    </Dialog>
  );
}
