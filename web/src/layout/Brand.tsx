import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { Link as RouterLink } from 'react-router';
import { FingerprintMark } from '../components/icons.tsx';

/** "SIAP Biométrico" with its mark; links home. */
export function Brand() {
  return (
    <Box
      component={RouterLink}
      to="/"
      sx={{ display: 'flex', alignItems: 'center', gap: 1, color: 'inherit', textDecoration: 'none', borderRadius: 1 }}
    >
      <FingerprintMark sx={{ color: '#d4c19c', fontSize: 36 }} aria-hidden />
      <Typography component="span" sx={{ fontSize: '1.25rem', fontWeight: 700, letterSpacing: 0.2, whiteSpace: 'nowrap' }}>
        SIAP Biométrico
      </Typography>
    </Box>
  );
}
