import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { privacyApi } from '../../api/privacy.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useDocumentTitle } from '../../components/useDocumentTitle.ts';
import { instant } from '../../format/date-time.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { AdminNav } from './AdminNav.tsx';
import { RetentionForm, type RetentionChange } from './retention/RetentionForm.tsx';
import { categoryLabel, describeDays, fromLabel } from './retention/labels.ts';

const RETENTION_KEY = ['privacy', 'retention-settings'] as const;

/**
 * The retention policy (issue 20): how long each category of personal data is kept, as the
 * institution's policy file sets it and as the administrator changed it (with a reason, audited).
 * The daily sweep erases biometric data unused for the biometric period in force.
 */
export function RetentionPage() {
  useDocumentTitle('Administración · Conservación de datos');
  const { client } = useSession();
  const api = useMemo(() => privacyApi(client), [client]);
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: RETENTION_KEY, queryFn: api.retentionSettings });
  const [saved, setSaved] = useState<string | null>(null);
  const change = useMutation({
    mutationFn: ({ category, dias, reason }: RetentionChange) => api.setRetention(category, { dias, reason }),
    onSuccess: (result) => {
      setSaved(`Plazo de «${categoryLabel(result.category)}»: ${describeDays(result.dias)}.`);
      return queryClient.invalidateQueries({ queryKey: RETENTION_KEY });
    },
  });

  return (
    <Box>
      <AdminNav />
      <Typography variant="h1" gutterBottom>
        Conservación de datos
      </Typography>
      <Alert severity="info" sx={{ mb: 2 }}>
        Cada día se suprimen los datos biométricos de quien no los usó durante el plazo de «Datos biométricos» (salvo conservación por causa legal). El
        plazo de la política de datos de la institución aplica mientras nadie lo cambie aquí; volver a él deshace el cambio.
      </Alert>
      <ErrorAlert error={settings.error} />
      {settings.isPending && <Typography role="status">Cargando los plazos…</Typography>}
      {settings.data && (
        <>
          <Card variant="outlined" sx={{ mb: 3 }}>
            <CardContent>
              <Typography variant="h2" gutterBottom>
                Cambiar un plazo
              </Typography>
              <RetentionForm
                categories={settings.data.categories}
                saving={change.isPending}
                onSave={async (input) => {
                  setSaved(null);
                  return change.mutateAsync(input).then(
                    () => true,
                    () => false,
                  );
                }}
              />
              <Box sx={{ mt: 2 }}>
                <ErrorAlert error={change.error} />
                {saved && <Alert severity="success">{saved}</Alert>}
              </Box>
            </CardContent>
          </Card>
          <Table size="small" aria-label="Plazos de conservación">
            <TableHead>
              <TableRow>
                <TableCell>Categoría</TableCell>
                <TableCell>Plazo vigente</TableCell>
                <TableCell>Plazo de la política ({settings.data.version})</TableCell>
                <TableCell>Último cambio</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {settings.data.categories.map((c) => (
                <TableRow key={c.category} data-testid={`retention-${c.category}`}>
                  <TableCell>
                    {categoryLabel(c.category)}
                    <Typography variant="body2" color="text.secondary">
                      {c.descripcion}
                    </Typography>
                  </TableCell>
                  <TableCell>
                    {describeDays(c.dias)} {fromLabel(c.desde)}
                  </TableCell>
                  <TableCell>{describeDays(c.defaultDias)}</TableCell>
                  <TableCell>{c.change ? `${instant(c.change.at)}: «${c.change.reason}»` : 'Sin cambios: el de la política'}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      )}
    </Box>
  );
}
