import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useId, useState, type ChangeEvent, type FormEvent } from 'react';
import { LoginSubmitButton } from '../../../auth/LoginSubmitButton.tsx';
import { useLoginSubmit } from '../../../auth/useLoginSubmit.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { PasswordField } from '../../../components/PasswordField.tsx';
import { useSession } from '../../../session/SessionProvider.tsx';
import { assertKeyMatches, openKey, readCertificate, signMessage, toBase64, type EfirmaCertificate } from './efirma-key.ts';

interface FieldErrors {
  cer?: string;
  key?: string;
  password?: string;
}

const DATE = new Intl.DateTimeFormat('es-MX', { day: 'numeric', month: 'long', year: 'numeric' });

/** A file picker that is a real, labelled `<input type="file">` (keyboard and screen readers reach it). */
function FilePicker({ label, name, accept, file, error, hint, onChange }: { label: string; name: string; accept: string; file: File | null; error?: string; hint: string; onChange: (file: File | null) => void }) {
  const id = useId();
  return (
    <Box>
      <Typography component="label" htmlFor={id} sx={{ display: 'block', fontWeight: 500, mb: 0.5 }}>
        {label}
      </Typography>
      <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <Button variant="outlined" component="label" htmlFor={id}>
          Seleccionar archivo
        </Button>
        <Typography variant="body2" color={file ? 'text.primary' : 'text.secondary'} aria-live="polite">
          {file ? file.name : 'Ningún archivo seleccionado'}
        </Typography>
      </Stack>
      <input
        id={id}
        name={name}
        type="file"
        accept={accept}
        aria-describedby={`${id}-hint`}
        aria-invalid={Boolean(error)}
        onChange={(e: ChangeEvent<HTMLInputElement>) => onChange(e.target.files?.[0] ?? null)}
        style={{ position: 'absolute', width: 1, height: 1, opacity: 0, overflow: 'hidden' }}
      />
      <Typography id={`${id}-hint`} variant="caption" color={error ? 'error' : 'text.secondary'} sx={{ display: 'block', mt: 0.5 }}>
        {error ?? hint}
      </Typography>
    </Box>
  );
}

async function bytesOf(file: File): Promise<Uint8Array> {
  return new Uint8Array(await file.arrayBuffer());
}

/**
 * Inicio de sesión del patrón con e.firma. The `.key` is decrypted here with the password, checked
 * against the `.cer`, and signs the server's one-time challenge; only the certificate and the
 * signature are sent. A wrong password or a key of another certificate is said here, before any
 * request; the server says why it refuses a certificate (expired, revoked, untrusted, another RFC).
 */
export function EfirmaLoginForm() {
  const { loginEfirma } = useSession();
  const { error, submitting, waitSeconds, submit } = useLoginSubmit();
  const [cer, setCer] = useState<File | null>(null);
  const [key, setKey] = useState<File | null>(null);
  const [password, setPassword] = useState('');
  const [certificate, setCertificate] = useState<EfirmaCertificate | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});

  const chooseCer = async (file: File | null) => {
    setCer(file);
    setCertificate(null);
    if (!file) return;
    try {
      setCertificate(readCertificate(await bytesOf(file)));
      setFieldErrors((e) => ({ ...e, cer: undefined }));
    } catch (caught) {
      setFieldErrors((e) => ({ ...e, cer: caught instanceof Error ? caught.message : String(caught) }));
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const errors: FieldErrors = {};
    if (!cer) errors.cer = 'Seleccione el certificado (.cer) de su e.firma.';
    else if (fieldErrors.cer) errors.cer = fieldErrors.cer;
    if (!key) errors.key = 'Seleccione la clave privada (.key) de su e.firma.';
    if (!password) errors.password = 'Escriba la contraseña de su clave privada.';
    setFieldErrors(errors);
    if (Object.keys(errors).length > 0 || !cer || !key) return;
    void submit(async () => {
      const cert = readCertificate(await bytesOf(cer));
      const opened = openKey(await bytesOf(key), password);
      assertKeyMatches(cert, opened);
      return loginEfirma(async (challenge) => ({
        challengeId: challenge.challengeId,
        rfc: cert.rfc,
        certificate: toBase64(cert.der),
        signature: toBase64(await signMessage(opened, challenge.message)),
      }));
    }).then((outcome) => {
      if (outcome === 'failed') setPassword('');
    });
  };

  const expired = certificate ? certificate.notAfter.getTime() < Date.now() : false;
  return (
    <Stack component="form" noValidate onSubmit={onSubmit} spacing={2.5} aria-label="Inicio de sesión con e.firma">
      <ErrorAlert error={error} waitSeconds={waitSeconds} />
      <FilePicker label="Certificado (.cer)" name="cer" accept=".cer,.crt,application/pkix-cert" file={cer} error={fieldErrors.cer} hint="El archivo .cer de la e.firma del patrón, emitido por el SAT." onChange={(f) => void chooseCer(f)} />
      {certificate && (
        <Alert severity={expired ? 'warning' : 'info'} role="status">
          {certificate.name || 'Certificado'} · RFC {certificate.rfc}
          {certificate.curp ? ` · CURP ${certificate.curp}` : ''} · {expired ? 'venció el' : 'vigente hasta el'} {DATE.format(certificate.notAfter)}
        </Alert>
      )}
      <FilePicker label="Clave privada (.key)" name="key" accept=".key,application/pkcs8" file={key} error={fieldErrors.key} hint="Se abre en este navegador con su contraseña; la clave nunca se envía." onChange={setKey} />
      <PasswordField
        label="Contraseña de la clave privada"
        name="key-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        required
        autoComplete="off"
        error={Boolean(fieldErrors.password)}
        helperText={fieldErrors.password}
      />
      <LoginSubmitButton submitting={submitting} waitSeconds={waitSeconds} />
    </Stack>
  );
}
