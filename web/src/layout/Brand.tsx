import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { Link as RouterLink } from 'react-router';
import { FingerprintMark } from '../components/icons.tsx';
import { useInstitution } from './useInstitution.ts';

/** The institution's logo (or the app's mark) and name, over "SIAP Biométrico"; links home. */
export function Brand() {
  const institution = useInstitution();
  return (
    <Box
      component={RouterLink}
      to="/"
      sx={{ display: 'flex', alignItems: 'center', gap: 1, color: 'inherit', textDecoration: 'none', borderRadius: 1 }}
      data-testid="brand"
    >
      {institution.logoUrl ? (
        <Box component="img" src={institution.logoUrl} alt="" data-testid="institution-logo" sx={{ height: 40, width: 'auto' }} />
      ) : (
        <FingerprintMark sx={{ color: '#d4c19c', fontSize: 36 }} aria-hidden />
      )}
      <Box sx={{ lineHeight: 1.15 }}>
        <Typography component="span" sx={{ display: 'block', fontSize: '0.8rem', color: '#e6e2d6', whiteSpace: 'nowrap' }} data-testid="institution-name">
          {institution.name}
        </Typography>
        <Typography component="span" sx={{ display: 'block', fontSize: '1.25rem', fontWeight: 700, letterSpacing: 0.2, whiteSpace: 'nowrap' }}>
          SIAP Biométrico
        </Typography>
      </Box>
    </Box>
  );
}
