/**
 * Transparency: a caller-supplied sink that receives every intermediate of extraction under a
 * stable key, so a person (or the overlay CLI) can see why the engine found what it found. The
 * stages never know the sink; the pipeline in `extractor/extract.ts` hands their results to it.
 *
 * Stable keys and payloads (all rasters row-major; block maps are `blocksX × blocksY`):
 * - `'normalized'`  `{ width, height, data: Float32Array }` contrast-normalised image (ridges > 0)
 * - `'mask'`        `{ blocksX, blocksY, blockSize, data: Uint8Array }` foreground blocks (1)
 * - `'orientation'` `{ blocksX, blocksY, blockSize, angle: Float32Array, coherence: Float32Array }`
 *                   ridge orientation in radians on [0, π), image coordinates (y down)
 * - `'frequency'`   `{ blocksX, blocksY, blockSize, period: Float32Array }` ridge period in px
 * - `'enhanced'`    `{ width, height, data: Float32Array }`
 * - `'binarized'`   `{ width, height, data: Uint8Array }` ridge pixels (1)
 * - `'skeleton'`    `{ width, height, data: Uint8Array }` one-pixel ridge skeleton (1)
 * - `'skeleton-graph'` `{ nodes, edges }` counts before and after filtering
 * - `'minutiae'`    `Minutia[]` the template's minutiae
 */
export interface TransparencySink {
  (key: string, data: unknown): void;
}

export const TRANSPARENCY_KEYS = [
  'normalized',
  'mask',
  'orientation',
  'frequency',
  'enhanced',
  'binarized',
  'skeleton',
  'skeleton-graph',
  'minutiae',
] as const;
