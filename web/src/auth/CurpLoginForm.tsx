import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PasswordField } from '../components/PasswordField.tsx';
import { useSession } from '../session/SessionProvider.tsx';
import { curpProblem, normalizeCurpInput } from './curp-input.ts';
import { LoginSubmitButton } from './LoginSubmitButton.tsx';
import { useLoginSubmit } from './useLoginSubmit.ts';

interface FieldErrors {
  curp?: string;
  password?: string;
}

/** Inicio de sesión de pensionados y patrones: CURP + contraseña. */
export function CurpLoginForm() {
  const { loginCurp } = useSession();
  const { error, submitting, waitSeconds, submit } = useLoginSubmit();
  const [curp, setCurp] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const errors: FieldErrors = {};
    const problem = curpProblem(curp);
    if (problem) errors.curp = problem;
    if (!password) errors.password = 'Escriba su contraseña.';
    setFieldErrors(errors);
    if (Object.keys(errors).length > 0) return;
    // A rejected password is not left in the field for the next try.
    void submit(() => loginCurp({ curp, password })).then((outcome) => {
      if (outcome === 'failed') setPassword('');
    });
  };

  return (
    <Stack component="form" noValidate onSubmit={onSubmit} spacing={2.5} aria-label="Inicio de sesión con CURP">
      <ErrorAlert error={error} waitSeconds={waitSeconds} />
      <TextField
        label="CURP"
        name="curp"
        value={curp}
        onChange={(e) => setCurp(normalizeCurpInput(e.target.value))}
        required
        autoComplete="username"
        error={Boolean(fieldErrors.curp)}
        helperText={fieldErrors.curp ?? '18 caracteres, como aparece en su constancia de la CURP.'}
        slotProps={{ htmlInput: { maxLength: 18, autoCapitalize: 'characters', spellCheck: false } }}
      />
      <PasswordField
        label="Contraseña"
        name="password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        required
        autoComplete="current-password"
        error={Boolean(fieldErrors.password)}
        helperText={fieldErrors.password}
      />
      <LoginSubmitButton submitting={submitting} waitSeconds={waitSeconds} />
    </Stack>
  );
}
