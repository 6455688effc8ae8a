import { styled } from '@mui/material/styles';

export const MAIN_ID = 'contenido';

/** First focusable element of every page: keyboard users jump past the header. */
export const SkipLink = styled('a')(({ theme }) => ({
  position: 'absolute',
  left: theme.spacing(1),
  top: -64,
  zIndex: theme.zIndex.tooltip,
  padding: theme.spacing(1, 2),
  background: theme.palette.background.paper,
  color: theme.palette.primary.dark,
  fontWeight: 500,
  borderRadius: theme.shape.borderRadius,
  '&:focus': { top: theme.spacing(1), outline: '3px solid #bc955c' },
}));

export function SkipToContent() {
  return <SkipLink href={`#${MAIN_ID}`}>Saltar al contenido principal</SkipLink>;
}
