import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { FingerComparison, PrintView } from '../../api/adjudication.ts';
import { FINGERS } from '../../api/biometrics.ts';

const GAP = 24;
const TICK = 10;
const PAIRED = '#1b8a3a';
const UNPAIRED = '#2f6fb3';

function Minutiae({ print, dx, paired }: { print: PrintView; dx: number; paired: Set<number> }) {
  return (
    <g transform={`translate(${dx} 0)`}>
      {print.minutiae.map((m, i) => {
        const on = paired.has(i);
        const color = on ? PAIRED : UNPAIRED;
        // ISO/IEC 19794-2 angle: counterclockwise from +x as seen on screen, so y goes up.
        const x2 = m.x + TICK * Math.cos(m.direction);
        const y2 = m.y - TICK * Math.sin(m.direction);
        return (
          <g key={i} stroke={color} strokeWidth={on ? 2 : 1.2} fill="none" opacity={on ? 1 : 0.7}>
            {m.type === 'ending' ? <circle cx={m.x} cy={m.y} r={4} /> : <rect x={m.x - 4} y={m.y - 4} width={8} height={8} />}
            <line x1={m.x} y1={m.y} x2={x2} y2={y2} />
          </g>
        );
      })}
    </g>
  );
}

/**
 * The two prints of one finger side by side, as the matcher saw them: every minutia (circle:
 * ridge ending, square: bifurcation, tick: direction), the paired ones in green joined by a line.
 */
export function PrintComparison({ finger, leftLabel, rightLabel }: { finger: FingerComparison; leftLabel: string; rightLabel: string }) {
  const { enrollee, candidate, pairs } = finger;
  const width = enrollee.width + GAP + candidate.width;
  const height = Math.max(enrollee.height, candidate.height);
  const name = FINGERS.find((f) => f.position === finger.position)?.label ?? `Dedo ${finger.position}`;
  const label = `${name}: ${pairs.length} ${pairs.length === 1 ? 'minucia emparejada' : 'minucias emparejadas'}, puntaje ${finger.score.toFixed(1)} (umbral ${finger.threshold.toFixed(1)})`;
  return (
    <Box component="figure" sx={{ m: 0 }} data-testid={`print-comparison-${finger.position}`}>
      <Box sx={{ display: 'flex', justifyContent: 'space-between', maxWidth: 720, typography: 'body2', color: 'text.secondary' }}>
        <span>{leftLabel}</span>
        <span>{rightLabel}</span>
      </Box>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} style={{ width: '100%', maxWidth: 720, height: 'auto', background: '#fff', display: 'block' }}>
        {enrollee.image ? <image href={enrollee.image} x={0} y={0} width={enrollee.width} height={enrollee.height} /> : <rect width={enrollee.width} height={enrollee.height} fill="#eee" />}
        {candidate.image ? (
          <image href={candidate.image} x={enrollee.width + GAP} y={0} width={candidate.width} height={candidate.height} />
        ) : (
          <rect x={enrollee.width + GAP} width={candidate.width} height={candidate.height} fill="#eee" />
        )}
        <g stroke={PAIRED} strokeWidth={1} opacity={0.45} data-testid="minutia-pairs">
          {pairs.map(([a, b], i) => {
            const p = enrollee.minutiae[a];
            const q = candidate.minutiae[b];
            return p && q ? <line key={i} x1={p.x} y1={p.y} x2={enrollee.width + GAP + q.x} y2={q.y} /> : null;
          })}
        </g>
        <Minutiae print={enrollee} dx={0} paired={new Set(pairs.map(([a]) => a))} />
        <Minutiae print={candidate} dx={enrollee.width + GAP} paired={new Set(pairs.map(([, b]) => b))} />
      </svg>
      <Typography component="figcaption" variant="body2" sx={{ mt: 0.5 }}>
        {label}.{!enrollee.image || !candidate.image ? ' Sin imagen guardada para una de las capturas: solo se muestran sus minucias.' : ''}
      </Typography>
    </Box>
  );
}
