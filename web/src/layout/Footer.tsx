import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';

export function Footer() {
  return (
    <Box component="footer" sx={{ py: 3, px: 2, mt: 'auto', textAlign: 'center', color: 'text.secondary' }}>
      <Typography variant="body2">
        SIAP Biométrico · Implementación abierta de identidad, asistencia y supervivencia biométrica.
      </Typography>
      <Typography variant="body2">Sus datos personales están protegidos: cada consulta queda registrada en la bitácora de auditoría.</Typography>
    </Box>
  );
}
