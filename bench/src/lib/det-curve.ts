import type { OperatingPoint } from './error-rates.ts';

/**
 * A DET curve (FNMR against FMR) as a standalone SVG. Both axes use the normal-deviate scale,
 * as Martin et al. (1997) proposed for DET plots, so curves of good systems spread out instead
 * of hugging the corner. Rates of 0 or 1 are clamped to the axis ends.
 */
export interface DetSeries {
  label: string;
  points: readonly OperatingPoint[];
}

const AXIS_TICKS = [0.0001, 0.001, 0.01, 0.02, 0.05, 0.1, 0.2, 0.4];
const MIN_RATE = 0.00005;
const MAX_RATE = 0.5;
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];

/** Inverse of the standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9). */
export function probit(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - low) return -probit(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

export function renderDetSvg(
  title: string,
  series: readonly DetSeries[],
  axes: { x: string; y: string } = { x: 'FMR (falsos aceptados)', y: 'FNMR (falsos rechazados)' },
): string {
  const size = 480;
  const margin = 60;
  const plot = size - 2 * margin;
  const lo = probit(MIN_RATE);
  const hi = probit(MAX_RATE);
  const scale = (rate: number) => (probit(Math.min(MAX_RATE, Math.max(MIN_RATE, rate))) - lo) / (hi - lo);
  const x = (fmr: number) => margin + scale(fmr) * plot;
  const y = (fnmr: number) => size - margin - scale(fnmr) * plot;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${size / 2}" y="20" text-anchor="middle" font-size="14">${escapeXml(title)}</text>`,
    `<rect x="${margin}" y="${margin}" width="${plot}" height="${plot}" fill="none" stroke="#333"/>`,
  ];
  for (const t of AXIS_TICKS) {
    const label = `${+(t * 100).toPrecision(2)}%`;
    parts.push(`<line x1="${x(t)}" y1="${margin}" x2="${x(t)}" y2="${size - margin}" stroke="#ddd"/>`);
    parts.push(`<line x1="${margin}" y1="${y(t)}" x2="${size - margin}" y2="${y(t)}" stroke="#ddd"/>`);
    parts.push(`<text x="${x(t)}" y="${size - margin + 14}" text-anchor="middle">${label}</text>`);
    parts.push(`<text x="${margin - 4}" y="${y(t) + 4}" text-anchor="end">${label}</text>`);
  }
  parts.push(`<text x="${size / 2}" y="${size - 16}" text-anchor="middle">${escapeXml(axes.x)}</text>`);
  parts.push(`<text x="16" y="${size / 2}" text-anchor="middle" transform="rotate(-90 16 ${size / 2})">${escapeXml(axes.y)}</text>`);
  series.forEach((s, index) => {
    const color = COLORS[index % COLORS.length];
    const path = pathThroughPoints(s.points.map((p) => [x(p.fmr), y(p.fnmr)] as const));
    parts.push(`<path d="${path}" fill="none" stroke="${color}" stroke-width="1.5"/>`);
    parts.push(`<text x="${margin + 8}" y="${margin + 16 + index * 14}" fill="${color}">${escapeXml(s.label)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/**
 * SVG path through the curve's points, skipping points that land within half a pixel of the last
 * one drawn: a million-comparison benchmark has hundreds of thousands of operating points, almost
 * all of which fall on the same pixels (an unthinned curve made 4 MB files).
 */
function pathThroughPoints(points: ReadonlyArray<readonly [number, number]>): string {
  const parts: string[] = [];
  let lastX = Number.NaN;
  let lastY = Number.NaN;
  points.forEach(([px, py], k) => {
    const isLast = k === points.length - 1;
    if (k > 0 && !isLast && Math.abs(px - lastX) < 0.5 && Math.abs(py - lastY) < 0.5) return;
    parts.push(`${parts.length === 0 ? 'M' : 'L'}${px.toFixed(1)},${py.toFixed(1)}`);
    lastX = px;
    lastY = py;
  });
  return parts.join(' ');
}
