import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { incapacidadesApi } from '../../api/incapacidades.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useDocumentTitle } from '../../components/useDocumentTitle.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { IncapacidadSummary } from '../incapacidades/IncapacidadSummary.tsx';

/** The employer sees its workers' certificados: days away, the subsidy the Institute pays, whether signed. */
export function IncapacidadesPage() {
  useDocumentTitle('Patrón · Incapacidades');
  const { client } = useSession();
  const api = useMemo(() => incapacidadesApi(client), [client]);
  const list = useQuery({ queryKey: ['incapacidades', 'employer'], queryFn: api.forEmployer });
  return (
    <Box>
      <Typography variant="h1" gutterBottom>
        Incapacidades de sus trabajadores
      </Typography>
      <ErrorAlert error={list.error} />
      {list.data?.length === 0 && <Typography>Ninguna persona trabajadora tiene certificados de incapacidad.</Typography>}
      <Stack spacing={2}>
        {list.data?.map((item) => (
          <Card key={item.folio} variant="outlined">
            <CardContent>
              <IncapacidadSummary item={item} showPatient />
              {item.signature && (
                <Typography variant="body2" sx={{ mt: 1 }}>
                  <a href={api.signedUrl(item.folio)}>Descargar certificado firmado (PDF)</a>
                </Typography>
              )}
            </CardContent>
          </Card>
        ))}
      </Stack>
    </Box>
  );
}
