import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import Typography from '@mui/material/Typography';
import { useQuery, type QueryKey } from '@tanstack/react-query';
import type { AdjudicationEvidence } from '../../api/adjudication.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PrintComparison } from './PrintComparison.tsx';

function Face({ src, label }: { src: string | null; label: string }) {
  return (
    <Box component="figure" sx={{ m: 0, textAlign: 'center' }}>
      {src ? (
        <Box component="img" src={src} alt={`Rostro: ${label}`} sx={{ width: 180, height: 220, objectFit: 'cover', borderRadius: 1, border: 1, borderColor: 'divider' }} />
      ) : (
        <Box sx={{ width: 180, height: 220, display: 'grid', placeItems: 'center', bgcolor: 'grey.100', borderRadius: 1 }}>Sin fotografía guardada</Box>
      )}
      <Typography component="figcaption" variant="body2">
        {label}
      </Typography>
    </Box>
  );
}

/** Both faces and the matched prints of one enrollment against one candidate (an audited read). */
export function EvidenceView({ queryKey, load, leftLabel, rightLabel }: { queryKey: QueryKey; load: () => Promise<AdjudicationEvidence>; leftLabel: string; rightLabel: string }) {
  const loaded = useQuery({ queryKey, queryFn: load });
  const evidence = loaded.data;
  const error = loaded.error;
  if (error) return <ErrorAlert error={error} />;
  if (!evidence) {
    return (
      <Box role="status" sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
        <CircularProgress size={20} aria-label="Cargando" /> Cargando las imágenes…
      </Box>
    );
  }
  return (
    <Box sx={{ display: 'grid', gap: 2 }} data-testid="adjudication-evidence">
      <Box sx={{ display: 'flex', gap: 3, flexWrap: 'wrap' }}>
        <Face src={evidence.enrollee.face} label={leftLabel} />
        <Face src={evidence.candidate.face} label={rightLabel} />
      </Box>
      {evidence.fingers.length === 0 ? (
        <Alert severity="info">Los dos registros no tienen huellas del mismo dedo para comparar.</Alert>
      ) : (
        evidence.fingers.map((finger) => <PrintComparison key={finger.position} finger={finger} leftLabel={leftLabel} rightLabel={rightLabel} />)
      )}
      <Typography variant="body2" color="text.secondary">
        Círculo: terminación de cresta · cuadro: bifurcación · trazo: dirección. En verde, las minucias que el comparador emparejó, unidas por una línea.
      </Typography>
    </Box>
  );
}
