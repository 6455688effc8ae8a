import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Step from '@mui/material/Step';
import StepLabel from '@mui/material/StepLabel';
import Stepper from '@mui/material/Stepper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState, type FormEvent } from 'react';
import { Link as RouterLink } from 'react-router';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PasswordField } from '../components/PasswordField.tsx';
import { useDocumentTitle } from '../components/useDocumentTitle.ts';
import { useSession } from '../session/SessionProvider.tsx';
import { curpProblem, normalizeCurpInput } from './curp-input.ts';
import { newPasswordProblems, PASSWORD_MIN_LENGTH } from './password-rules.ts';

const STEPS = ['Su CURP', 'Código y nueva contraseña', 'Listo'];

/**
 * Recuperar contraseña: CURP → the server mails an 8-digit code to the registered address (and
 * answers the same whether or not the CURP has an account) → code + new password.
 */
export function RecoveryPage() {
  useDocumentTitle('Recuperar contraseña');
  const [step, setStep] = useState(0);
  const [curp, setCurp] = useState('');
  const [requestMessage, setRequestMessage] = useState('');
  const [doneMessage, setDoneMessage] = useState('');

  return (
    <Paper variant="outlined" sx={{ p: { xs: 2.5, sm: 4 } }}>
      <Typography variant="h1" gutterBottom>
        Recuperar contraseña
      </Typography>
      <Stepper activeStep={step === 2 ? STEPS.length : step} alternativeLabel sx={{ my: 3 }}>
        {STEPS.map((label) => (
          <Step key={label}>
            <StepLabel>{label}</StepLabel>
          </Step>
        ))}
      </Stepper>
      {step === 0 && (
        <RequestCodeStep
          curp={curp}
          onCurpChange={setCurp}
          onSent={(message) => {
            setRequestMessage(message);
            setStep(1);
          }}
        />
      )}
      {step === 1 && (
        <ConfirmStep
          curp={curp}
          sentMessage={requestMessage}
          onBack={() => setStep(0)}
          onDone={(message) => {
            setDoneMessage(message);
            setStep(2);
          }}
        />
      )}
      {step === 2 && (
        <Stack spacing={3}>
          <Alert severity="success" role="status">
            {doneMessage}
          </Alert>
          <Button component={RouterLink} to="/ingresar" variant="contained" size="large">
            Ir al inicio de sesión
          </Button>
        </Stack>
      )}
      {step < 2 && (
        <Typography sx={{ mt: 3, textAlign: 'center' }}>
          <Link component={RouterLink} to="/ingresar">
            Volver al inicio de sesión
          </Link>
        </Typography>
      )}
    </Paper>
  );
}

function RequestCodeStep(props: { curp: string; onCurpChange: (curp: string) => void; onSent: (message: string) => void }) {
  const { auth } = useSession();
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [sending, setSending] = useState(false);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = curpProblem(props.curp);
    setFieldError(problem);
    if (problem) return;
    setSending(true);
    setError(null);
    try {
      const { message } = await auth.requestRecovery(props.curp);
      props.onSent(message);
    } catch (caught) {
      setError(caught);
    } finally {
      setSending(false);
    }
  };

  return (
    <Stack component="form" noValidate spacing={2.5} onSubmit={(e) => void onSubmit(e)} aria-label="Solicitar código de recuperación">
      <Typography>
        Escriba su CURP. Si tiene una cuenta con correo electrónico registrado, le enviaremos un código de 8 dígitos para
        restablecer su contraseña.
      </Typography>
      <ErrorAlert error={error} />
      <TextField
        label="CURP"
        name="curp"
        value={props.curp}
        onChange={(e) => props.onCurpChange(normalizeCurpInput(e.target.value))}
        required
        autoComplete="username"
        error={Boolean(fieldError)}
        helperText={fieldError ?? '18 caracteres, como aparece en su constancia de la CURP.'}
        slotProps={{ htmlInput: { maxLength: 18, autoCapitalize: 'characters', spellCheck: false } }}
      />
      <Button type="submit" variant="contained" size="large" disabled={sending}>
        {sending ? 'Enviando…' : 'Enviar código'}
      </Button>
    </Stack>
  );
}

function ConfirmStep(props: { curp: string; sentMessage: string; onBack: () => void; onDone: (message: string) => void }) {
  const { auth } = useSession();
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [codeError, setCodeError] = useState<string | null>(null);
  const [passwordProblems, setPasswordProblems] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmedCode = code.trim();
    const codeProblem = /^\d{8}$/.test(trimmedCode) ? null : 'El código tiene 8 dígitos.';
    const problems = newPasswordProblems(password, confirmation, props.curp);
    setCodeError(codeProblem);
    setPasswordProblems(problems);
    if (codeProblem || problems.length > 0) return;
    setSaving(true);
    setError(null);
    try {
      const { message } = await auth.confirmRecovery({ curp: props.curp, code: trimmedCode, newPassword: password });
      props.onDone(message);
    } catch (caught) {
      setError(caught);
      setSaving(false);
    }
  };

  return (
    <Stack component="form" noValidate spacing={2.5} onSubmit={(e) => void onSubmit(e)} aria-label="Restablecer contraseña">
      <Alert severity="info" role="status">
        {props.sentMessage}
      </Alert>
      <ErrorAlert error={error} />
      <TextField
        label="Código de 8 dígitos"
        name="code"
        value={code}
        onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, 8))}
        required
        autoComplete="one-time-code"
        error={Boolean(codeError)}
        helperText={codeError ?? 'Vence 15 minutos después de enviarse.'}
        slotProps={{ htmlInput: { inputMode: 'numeric', maxLength: 8 } }}
      />
      <PasswordField
        label="Nueva contraseña"
        name="newPassword"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        required
        autoComplete="new-password"
        error={passwordProblems.length > 0}
        helperText={`Al menos ${PASSWORD_MIN_LENGTH} caracteres, con letras y números; no use su CURP ni su matrícula.`}
      />
      <PasswordField
        label="Confirme la nueva contraseña"
        name="confirmPassword"
        value={confirmation}
        onChange={(e) => setConfirmation(e.target.value)}
        required
        autoComplete="new-password"
        error={passwordProblems.length > 0}
      />
      {passwordProblems.length > 0 && (
        <Alert severity="error" role="alert">
          La nueva contraseña no cumple las reglas:
          <ul style={{ margin: '4px 0 0', paddingLeft: 20 }}>
            {passwordProblems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </Alert>
      )}
      <Button type="submit" variant="contained" size="large" disabled={saving}>
        {saving ? 'Guardando…' : 'Restablecer contraseña'}
      </Button>
      <Button variant="text" onClick={props.onBack}>
        ¿No recibió el código? Solicitar otro
      </Button>
    </Stack>
  );
}
