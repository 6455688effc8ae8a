import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { incapacidadesApi, RAMO_LABELS, TIPO_LABELS, type Incapacidad, type Ramo, type Tipo } from '../../api/incapacidades.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useDocumentTitle } from '../../components/useDocumentTitle.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { IncapacidadSummary } from '../incapacidades/IncapacidadSummary.tsx';

const today = () => new Date().toLocaleDateString('en-CA', { timeZone: 'America/Mexico_City' });

/** The médico issues a certificado de incapacidad for a patient identified by CURP or NSS. */
export function IncapacidadesPage() {
  useDocumentTitle('Médico · Incapacidades');
  const { client } = useSession();
  const api = useMemo(() => incapacidadesApi(client), [client]);
  const issued = useQuery({ queryKey: ['incapacidades', 'issued'], queryFn: api.issued });
  const [patient, setPatient] = useState('');
  const [ramo, setRamo] = useState<Ramo>('enfermedad_general');
  const [tipo, setTipo] = useState<Tipo>('inicial');
  const [startDate, setStartDate] = useState(today());
  const [days, setDays] = useState('3');
  const [diagnosisCode, setDiagnosisCode] = useState('');
  const [weeks, setWeeks] = useState('0');
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<Incapacidad | null>(null);

  const chooseRamo = (value: Ramo) => {
    setRamo(value);
    if (value === 'maternidad') {
      setDays('84');
      setTipo('inicial');
    }
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    setCreated(null);
    const key = patient.trim().toUpperCase();
    try {
      const result = await api.issue({
        ...(/^\d{11}$/.test(key) ? { nss: key } : { curp: key }),
        ramo,
        tipo,
        startDate,
        days: Number(days),
        diagnosisCode: diagnosisCode.trim(),
        ...(ramo === 'maternidad' ? { prenatalWeeksTransferred: Number(weeks) } : {}),
      });
      setCreated(result);
      void issued.refetch();
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <Box>
      <Typography variant="h1" gutterBottom>
        Certificados de incapacidad
      </Typography>
      <Card sx={{ mb: 3 }}>
        <CardContent>
          <Typography variant="h2" gutterBottom>
            Expedir certificado
          </Typography>
          <Box component="form" onSubmit={submit} noValidate>
            <Stack spacing={2} sx={{ maxWidth: 520 }}>
              <TextField label="CURP o NSS del paciente" value={patient} onChange={(e) => setPatient(e.target.value)} required />
              <TextField select label="Ramo" value={ramo} onChange={(e) => chooseRamo(e.target.value as Ramo)}>
                {(Object.keys(RAMO_LABELS) as Ramo[]).map((r) => (
                  <MenuItem key={r} value={r}>
                    {RAMO_LABELS[r]}
                  </MenuItem>
                ))}
              </TextField>
              <TextField select label="Tipo" value={tipo} onChange={(e) => setTipo(e.target.value as Tipo)} disabled={ramo === 'maternidad'}>
                {(Object.keys(TIPO_LABELS) as Tipo[]).map((t) => (
                  <MenuItem key={t} value={t}>
                    {TIPO_LABELS[t]}
                  </MenuItem>
                ))}
              </TextField>
              <TextField label="Fecha de inicio" type="date" value={startDate} onChange={(e) => setStartDate(e.target.value)} slotProps={{ inputLabel: { shrink: true } }} />
              <TextField label="Días" type="number" value={days} onChange={(e) => setDays(e.target.value)} disabled={ramo === 'maternidad'} helperText={ramo === 'maternidad' ? '84 días: 42 antes y 42 después del parto (LSS art. 101)' : 'Hasta 52 semanas (LSS art. 96)'} />
              {ramo === 'maternidad' && (
                <TextField select label="Semanas prenatales transferidas al posnatal" value={weeks} onChange={(e) => setWeeks(e.target.value)} helperText="Hasta 4 semanas, a solicitud de la trabajadora y con autorización médica (LFT art. 170 fr. II)">
                  {['0', '1', '2', '3', '4'].map((w) => (
                    <MenuItem key={w} value={w}>
                      {w}
                    </MenuItem>
                  ))}
                </TextField>
              )}
              <TextField label="Diagnóstico (clave CIE-10)" value={diagnosisCode} onChange={(e) => setDiagnosisCode(e.target.value)} required />
              <ErrorAlert error={error} />
              <Button type="submit" variant="contained">
                Expedir certificado
              </Button>
            </Stack>
          </Box>
          {created && (
            <Alert severity="success" sx={{ mt: 2 }}>
              Certificado {created.folio} expedido. La persona asegurada lo revisa y lo firma desde su portal o en la estación de la clínica.
            </Alert>
          )}
        </CardContent>
      </Card>
      <Typography variant="h2" gutterBottom>
        Expedidos
      </Typography>
      <ErrorAlert error={issued.error} />
      {issued.data?.length === 0 && <Typography>Aún no ha expedido certificados.</Typography>}
      <Stack spacing={2}>
        {issued.data?.map((item) => (
          <Card key={item.folio} variant="outlined">
            <CardContent>
              <IncapacidadSummary item={item} showPatient />
            </CardContent>
          </Card>
        ))}
      </Stack>
    </Box>
  );
}
