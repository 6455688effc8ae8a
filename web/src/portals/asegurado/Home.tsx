import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import type { InsuredView, MyClinic } from '../../api/insured.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useDocumentTitle } from '../../components/useDocumentTitle.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { AppointmentsCard } from './AppointmentsCard.tsx';
import { RestrictionCard } from './RestrictionCard.tsx';
import { StatusCard } from './StatusCard.tsx';

/** The insured worker's portal (issue 15): NSS, rights, biometrics, restriction with its deadline, appointments, documents. */
export function AseguradoHome() {
  useDocumentTitle('Portal del asegurado');
  const { client } = useSession();
  const me = useQuery({ queryKey: ['insured', 'me'], queryFn: () => client.get<InsuredView>('/api/insured/me') });
  const clinic = useQuery({ queryKey: ['care', 'my-clinic'], queryFn: () => client.get<MyClinic>('/api/care/me/clinic') });
  if (me.isPending) return <CircularProgress aria-label="Cargando" />;
  if (!me.data) return <ErrorAlert error={me.error} />;
  return (
    <Box>
      <Typography variant="h1" gutterBottom>
        Hola, {me.data.name}
      </Typography>
      <Box sx={{ mb: 3 }}>
        <RestrictionCard restriction={me.data.restriction} clinic={clinic.data ?? null} />
      </Box>
      <Box sx={{ display: 'grid', gap: 3, gridTemplateColumns: { xs: '1fr', md: 'minmax(280px, 1fr) 2fr' }, alignItems: 'start' }}>
        <StatusCard me={me.data} />
        <AppointmentsCard clinic={clinic.data ?? null} onChange={() => void me.refetch()} />
      </Box>
    </Box>
  );
}
