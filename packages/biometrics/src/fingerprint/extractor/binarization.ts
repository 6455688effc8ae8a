import type { BlockMask } from './block-map.ts';

/**
 * Ridge pixels (1) where the enhanced image is positive inside the mask. The one-pixel image
 * frame is always 0 so later stages can read 8-neighbours without bounds checks. Then specks are
 * flipped: ridge blobs (dots, tiny islands) and valley holes (pores, tiny lakes) no larger than
 * `maxSpeckArea`; each would otherwise become a pair of false minutiae.
 */
export function binarize(enhanced: Float32Array, width: number, height: number, mask: BlockMask, maxSpeckArea: number): Uint8Array {
  const { blocksX: bw, blockSize } = mask;
  const binary = new Uint8Array(width * height);
  for (let y = 1; y < height - 1; y++) {
    const blockRow = ((y / blockSize) | 0) * bw;
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      binary[i] = mask.data[blockRow + ((x / blockSize) | 0)] && enhanced[i] > 0 ? 1 : 0;
    }
  }
  const inMask = (i: number): boolean => {
    const x = i % width;
    const y = (i / width) | 0;
    return mask.data[((y / blockSize) | 0) * bw + ((x / blockSize) | 0)] === 1;
  };
  flipSmallComponents(binary, width, height, 1, maxSpeckArea, true, () => true);
  flipSmallComponents(binary, width, height, 0, maxSpeckArea, false, inMask);
  return binary;
}

/**
 * Flips connected components of `value` with area ≤ maxArea that do not touch the frame.
 * Ridges use 8-connectivity and valleys 4-connectivity, the dual pair that keeps topology sane.
 */
function flipSmallComponents(
  binary: Uint8Array,
  width: number,
  height: number,
  value: number,
  maxArea: number,
  eightConnected: boolean,
  eligible: (i: number) => boolean,
): void {
  const seen = new Uint8Array(binary.length);
  const stack = new Int32Array(binary.length);
  const members = new Int32Array(maxArea + 1);
  const steps = eightConnected ? [-1, 1, -width, width, -width - 1, -width + 1, width - 1, width + 1] : [-1, 1, -width, width];
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const start = y * width + x;
      if (binary[start] !== value || seen[start]) continue;
      let top = 0;
      let count = 0;
      let small = true;
      stack[top++] = start;
      seen[start] = 1;
      while (top > 0) {
        const i = stack[--top];
        if (count <= maxArea) members[count] = i;
        count++;
        const cx = i % width;
        const cy = (i / width) | 0;
        if (cx === 0 || cy === 0 || cx === width - 1 || cy === height - 1) small = false;
        if (cx === 0 || cy === 0 || cx === width - 1 || cy === height - 1) continue;
        for (const s of steps) {
          const j = i + s;
          if (binary[j] === value && !seen[j]) {
            seen[j] = 1;
            stack[top++] = j;
          }
        }
      }
      if (small && count <= maxArea && eligible(start)) {
        for (let k = 0; k < count; k++) binary[members[k]] = 1 - value;
      }
    }
  }
}
