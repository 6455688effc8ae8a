import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { Link as RouterLink } from 'react-router';
import { useDocumentTitle } from '../components/useDocumentTitle.ts';

export function NotFoundPage() {
  useDocumentTitle('Página no encontrada');
  return (
    <>
      <Typography variant="h1" gutterBottom>
        Página no encontrada
      </Typography>
      <Typography sx={{ mb: 3 }}>La dirección que abrió no existe en SIAP Biométrico.</Typography>
      <Button component={RouterLink} to="/" variant="contained">
        Ir al inicio
      </Button>
    </>
  );
}
