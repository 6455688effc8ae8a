import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { OOADS } from '@siap/mx-identity';
import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PasswordField } from '../components/PasswordField.tsx';
import { useSession } from '../session/SessionProvider.tsx';
import { LoginSubmitButton } from './LoginSubmitButton.tsx';
import { useLoginSubmit } from './useLoginSubmit.ts';

/** Staff choose their OOAD once per computer; it is not personal data, so the browser remembers it. */
const OOAD_STORAGE_KEY = 'siap.ooad';

const OOAD_OPTIONS = [...OOADS].sort((a, b) => a.name.localeCompare(b.name, 'es-MX'));

interface FieldErrors {
  matricula?: string;
  ooadCode?: string;
  password?: string;
}

export function validateEmployeeForm(values: { matricula: string; ooadCode: string; password: string }): FieldErrors {
  const errors: FieldErrors = {};
  const matricula = values.matricula.trim();
  if (!matricula) errors.matricula = 'Escriba su matrícula.';
  else if (!/^\d{4,12}$/.test(matricula)) errors.matricula = 'La matrícula contiene solo dígitos (de 4 a 12).';
  if (!values.ooadCode) errors.ooadCode = 'Seleccione la OOAD de su adscripción.';
  if (!values.password) errors.password = 'Escriba su contraseña.';
  return errors;
}

function rememberedOoad(): string {
  try {
    const code = localStorage.getItem(OOAD_STORAGE_KEY) ?? '';
    return OOADS.some((ooad) => ooad.code === code) ? code : '';
  } catch {
    return '';
  }
}

/** Inicio de sesión del personal IMSS: matrícula + OOAD + contraseña. */
export function EmployeeLoginForm() {
  const { loginEmployee } = useSession();
  const { error, submitting, waitSeconds, submit } = useLoginSubmit();
  const [matricula, setMatricula] = useState('');
  const [ooadCode, setOoadCode] = useState(rememberedOoad);
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const errors = validateEmployeeForm({ matricula, ooadCode, password });
    setFieldErrors(errors);
    if (Object.keys(errors).length > 0) return;
    try {
      localStorage.setItem(OOAD_STORAGE_KEY, ooadCode);
    } catch {
      // Private browsing: nothing to remember, nothing lost.
    }
    // A rejected password is not left in the field for the next try.
    void submit(() => loginEmployee({ matricula: matricula.trim(), ooadCode, password })).then((outcome) => {
      if (outcome === 'failed') setPassword('');
    });
  };

  return (
    <Stack component="form" noValidate onSubmit={onSubmit} spacing={2.5} aria-label="Inicio de sesión del personal IMSS">
      <ErrorAlert error={error} waitSeconds={waitSeconds} />
      <TextField
        label="Matrícula"
        name="matricula"
        value={matricula}
        onChange={(e) => setMatricula(e.target.value)}
        required
        autoComplete="username"
        error={Boolean(fieldErrors.matricula)}
        helperText={fieldErrors.matricula ?? 'Solo dígitos, como aparece en su credencial.'}
        slotProps={{ htmlInput: { inputMode: 'numeric', maxLength: 12 } }}
      />
      <TextField
        select
        label="OOAD"
        name="ooad"
        value={ooadCode}
        onChange={(e) => setOoadCode(e.target.value)}
        required
        error={Boolean(fieldErrors.ooadCode)}
        helperText={fieldErrors.ooadCode ?? 'Órgano de Operación Administrativa Desconcentrada de su adscripción.'}
        slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
      >
        <option value="">Seleccione su OOAD</option>
        {OOAD_OPTIONS.map((ooad) => (
          <option key={ooad.code} value={ooad.code}>
            {ooad.name} ({ooad.code})
          </option>
        ))}
      </TextField>
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
