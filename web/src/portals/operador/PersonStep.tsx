import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState, type FormEvent } from 'react';
import { fullName, type biometricsApi, type Person } from '../../api/biometrics.ts';
import { ApiError } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';

const PURPOSE = 'enrolamiento biométrico en ventanilla';

/**
 * Finds the person by CURP or, when there is no record yet, registers them; the server checks the
 * CURP's format and compares the data with the population registry (RENAPO), so a made-up person
 * is refused with its reason.
 */
export function PersonStep({ api, person, onPerson }: { api: ReturnType<typeof biometricsApi>; person: Person | null; onPerson: (person: Person | null) => void }) {
  const [curp, setCurp] = useState('');
  const [notFound, setNotFound] = useState(false);
  const [names, setNames] = useState({ givenNames: '', firstSurname: '', secondSurname: '', nss: '' });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const find = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setNotFound(false);
    setBusy(true);
    try {
      onPerson(await api.person(curp.trim().toUpperCase(), PURPOSE));
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'PERSON_NOT_FOUND') setNotFound(true);
      else setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      onPerson(
        await api.createPerson({
          curp: curp.trim().toUpperCase(),
          givenNames: names.givenNames.trim(),
          firstSurname: names.firstSurname.trim(),
          secondSurname: names.secondSurname.trim() || null,
          nss: names.nss.trim() || null,
        }),
      );
      setNotFound(false);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  if (person) {
    return (
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography data-testid="enrollment-person">
          <strong>{fullName(person)}</strong> · CURP {person.curp}
        </Typography>
        <Button onClick={() => onPerson(null)}>Cambiar de persona</Button>
      </Stack>
    );
  }

  const field = (key: keyof typeof names, label: string, required = true) => (
    <TextField label={label} required={required} value={names[key]} onChange={(e) => setNames({ ...names, [key]: e.target.value })} />
  );

  return (
    <Box>
      <Stack component="form" direction="row" spacing={2} onSubmit={(e) => void find(e)} sx={{ alignItems: 'flex-start', flexWrap: 'wrap', rowGap: 2 }}>
        <TextField
          label="CURP de la persona"
          required
          value={curp}
          onChange={(e) => setCurp(e.target.value)}
          slotProps={{ htmlInput: { maxLength: 18, autoCapitalize: 'characters' } }}
        />
        <Button type="submit" variant="contained" disabled={busy} sx={{ mt: 1 }}>
          Buscar
        </Button>
      </Stack>
      {notFound && (
        <Box component="form" onSubmit={(e) => void create(e)} sx={{ mt: 3 }}>
          <Alert severity="info" sx={{ mb: 2 }}>
            No hay un registro con esta CURP. Capture los datos de la persona: se cotejarán con el padrón (RENAPO).
          </Alert>
          <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' }, maxWidth: 720 }}>
            {field('givenNames', 'Nombre(s)')}
            {field('firstSurname', 'Primer apellido')}
            {field('secondSurname', 'Segundo apellido', false)}
            {field('nss', 'NSS (opcional)', false)}
          </Box>
          <Button type="submit" variant="contained" disabled={busy} sx={{ mt: 2 }}>
            Registrar persona
          </Button>
        </Box>
      )}
      <Box sx={{ mt: 2 }}>
        <ErrorAlert error={error} />
      </Box>
    </Box>
  );
}
