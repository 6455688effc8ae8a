import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Typography from '@mui/material/Typography';
import { Link as RouterLink } from 'react-router';
import { useDocumentTitle } from '../../components/useDocumentTitle.ts';
import { useSession } from '../../session/SessionProvider.tsx';

export function OperadorHome() {
  useDocumentTitle('Portal del operador');
  const { state } = useSession();
  const name = state.status === 'authenticated' ? state.session.displayName : '';
  return (
    <Box>
      <Typography variant="h1" gutterBottom>
        Hola, {name || 'operador'}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 4, maxWidth: 720 }}>
        Desde aquí atiende la ventanilla: el enrolamiento biométrico de las personas y el quiosco de asistencia de su estación.
      </Typography>
      <Box sx={{ display: 'grid', gap: 3, gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' } }}>
        <Card variant="outlined">
          <CardContent>
            <Typography variant="h2" gutterBottom>
              Estación de enrolamiento
            </Typography>
            <Typography color="text.secondary" sx={{ mb: 2 }}>
              Busque o registre a la persona (CURP cotejada con el padrón), capture sus diez huellas y su rostro con control de calidad.
            </Typography>
            <Button component={RouterLink} to="/operador/enrolamiento" variant="contained">
              Enrolar a una persona
            </Button>
          </CardContent>
        </Card>
        <Card variant="outlined">
          <CardContent>
            <Typography variant="h2" gutterBottom>
              Supervivencia en clínica
            </Typography>
            <Typography color="text.secondary" sx={{ mb: 2 }}>
              Compruebe con su huella que una persona pensionada vive y entréguele su constancia de supervivencia.
            </Typography>
            <Button component={RouterLink} to="/operador/supervivencia" variant="outlined">
              Comprobar supervivencia
            </Button>
          </CardContent>
        </Card>
        <Card variant="outlined">
          <CardContent>
            <Typography variant="h2" gutterBottom>
              Quiosco de asistencia
            </Typography>
            <Typography color="text.secondary" sx={{ mb: 2 }}>
              Abra el quiosco de una estación en esta pantalla; el personal registra su entrada y salida con su huella o su rostro.
            </Typography>
            <Button component={RouterLink} to="/kiosco" variant="outlined">
              Abrir el quiosco
            </Button>
          </CardContent>
        </Card>
        <Card variant="outlined">
          <CardContent>
            <Typography variant="h2" gutterBottom>
              Clínica: quiosco y recepción
            </Typography>
            <Typography color="text.secondary" sx={{ mb: 2 }}>
              El paciente registra su llegada con su huella y recibe su turno; la recepción ve su resumen sin expediente en papel.
            </Typography>
            <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
              <Button component={RouterLink} to="/operador/quiosco-clinica" variant="outlined">
                Quiosco de la clínica
              </Button>
              <Button component={RouterLink} to="/operador/recepcion" variant="outlined">
                Recepción
              </Button>
            </Box>
          </CardContent>
        </Card>
      </Box>
    </Box>
  );
}
