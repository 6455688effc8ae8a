import type { FingerprintTemplate } from '../fingerprint/types.ts';

/**
 * Keeps at most `capacity` minutiae of an imported template: the best ones, not the first ones in
 * file order. Best means the highest reported quality; among equal qualities (records that report
 * none write the same value for every minutia) the ones nearest the centroid of all minutiae win,
 * because spurious minutiae gather at the edge of the print, where the contact area ends and
 * ridges are cut off by the sensor window, while the core region is the part two impressions of a
 * finger share most often. Kept minutiae stay in their file order.
 */
export function keepBestMinutiae(template: FingerprintTemplate, capacity: number): FingerprintTemplate {
  const { minutiae } = template;
  if (minutiae.length <= capacity) return template;
  let cx = 0;
  let cy = 0;
  for (const m of minutiae) {
    cx += m.x;
    cy += m.y;
  }
  cx /= minutiae.length;
  cy /= minutiae.length;
  const distance = minutiae.map((m) => (m.x - cx) ** 2 + (m.y - cy) ** 2);
  const order = minutiae.map((_, i) => i);
  order.sort((a, b) => minutiae[b].quality - minutiae[a].quality || distance[a] - distance[b] || a - b);
  const kept = order.slice(0, Math.max(0, capacity)).sort((a, b) => a - b);
  return { ...template, minutiae: kept.map((i) => minutiae[i]) };
}
