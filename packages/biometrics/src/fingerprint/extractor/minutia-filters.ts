import type { Minutia } from '../types.ts';
import type { BlockGrid } from './block-map.ts';
import type { MinutiaCandidate } from './minutiae.ts';

export interface MinutiaFilterSettings {
  minBorderDistance: number;
  fullQualityBorderDistance: number;
  cloudRadius: number;
  maxCloudSize: number;
  maxMinutiae: number;
}

/**
 * Drops minutiae near the edge of the print (the mask edge and the sensor edge cut ridges and
 * create false endings), rates the rest, drops clouds (many minutiae close together mean noise,
 * not skin: SourceAFIS's cloud filter), and keeps the most reliable ones.
 *
 * Quality 0..100 combines the local ridge coherence (clear parallel ridges → reliable) with the
 * distance from the print's edge (deep inside → reliable).
 */
export function finalizeMinutiae(
  candidates: MinutiaCandidate[],
  grid: BlockGrid,
  borderDistanceBlocks: Float32Array,
  coherence: Float32Array,
  settings: MinutiaFilterSettings,
): Minutia[] {
  const rated: Minutia[] = [];
  for (const c of candidates) {
    const borderDistance = (borderDistanceBlocks[c.block] - 0.5) * grid.blockSize;
    if (borderDistance < settings.minBorderDistance) continue;
    const borderTerm = Math.min(1, (borderDistance - settings.minBorderDistance) / (settings.fullQualityBorderDistance - settings.minBorderDistance));
    const coherenceTerm = Math.min(1, coherence[c.block] / 0.7);
    const quality = Math.max(1, Math.min(100, Math.round(100 * (0.3 + 0.7 * coherenceTerm) * (0.4 + 0.6 * borderTerm))));
    rated.push({ x: Math.round(c.x), y: Math.round(c.y), direction: c.direction, type: c.type, quality });
  }
  const radius2 = settings.cloudRadius * settings.cloudRadius;
  const kept = rated.filter((m) => {
    let neighbors = 0;
    for (const o of rated) if (o !== m && (o.x - m.x) ** 2 + (o.y - m.y) ** 2 <= radius2) neighbors++;
    return neighbors <= settings.maxCloudSize;
  });
  // Deterministic order: quality, then position, so equal inputs give equal templates.
  kept.sort((a, b) => b.quality - a.quality || a.y - b.y || a.x - b.x);
  return kept.slice(0, settings.maxMinutiae);
}
