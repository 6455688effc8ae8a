import { createTheme } from '@mui/material/styles';
import { esES } from '@mui/material/locale';

/**
 * Institutional palette (dark green and guinda of the Mexican federal government's graphic line).
 * Every text colour below keeps a contrast of at least 7:1 on white (WCAG AAA for body text).
 */
export const theme = createTheme(
  {
    palette: {
      primary: { main: '#235b4e', dark: '#13322b', light: '#4d7a6f', contrastText: '#ffffff' },
      secondary: { main: '#9f2241', dark: '#691c32', contrastText: '#ffffff' },
      background: { default: '#f4f5f2', paper: '#ffffff' },
      text: { primary: '#1d1d1b', secondary: '#4a4a48' },
    },
    shape: { borderRadius: 8 },
    typography: {
      fontFamily: 'Roboto, "Helvetica Neue", Arial, sans-serif',
      h1: { fontSize: '1.75rem', fontWeight: 500 },
      h2: { fontSize: '1.35rem', fontWeight: 500 },
      h3: { fontSize: '1.1rem', fontWeight: 500 },
    },
    components: {
      MuiButton: { defaultProps: { disableElevation: true }, styleOverrides: { root: { textTransform: 'none', fontWeight: 500 } } },
      MuiTab: { styleOverrides: { root: { textTransform: 'none', fontSize: '1rem' } } },
      MuiTextField: { defaultProps: { fullWidth: true } },
      // A visible focus ring for keyboard users on every clickable element.
      MuiButtonBase: {
        styleOverrides: {
          root: { '&.Mui-focusVisible': { outline: '3px solid #bc955c', outlineOffset: 2 } },
        },
      },
    },
  },
  esES,
);
