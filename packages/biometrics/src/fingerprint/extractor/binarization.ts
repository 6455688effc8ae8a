import { type BlockMask, maskRowSpan, type PixelSpan } from './block-map.ts';
import { FRESH_BUFFERS, type ScratchBuffers } from './scratch.ts';

/**
 * Ridge pixels (1) where the enhanced image is positive inside the mask. The one-pixel image
 * frame is always 0 so later stages can read 8-neighbours without bounds checks. Then specks are
 * flipped: ridge blobs (dots, tiny islands) and valley holes (pores, tiny lakes) no larger than
 * `maxSpeckArea`; each would otherwise become a pair of false minutiae.
 */
export function binarize(
  enhanced: Float32Array,
  width: number,
  height: number,
  mask: BlockMask,
  maxSpeckArea: number,
  scratch: ScratchBuffers = FRESH_BUFFERS,
): Uint8Array {
  const { blocksX: bw, blockSize } = mask;
  const binary = scratch.uint8('binary', width * height, true);
  // Pixels inside the mask and off the frame: the only ones a speck may consist of.
  const inside = scratch.uint8('inside-mask', width * height, true);
  for (let y = 1; y < height - 1; y++) {
    const blockRow = ((y / blockSize) | 0) * bw;
    for (let bx = 0; bx < bw; bx++) {
      if (!mask.data[blockRow + bx]) continue;
      const xEnd = Math.min(width - 1, (bx + 1) * blockSize);
      for (let x = Math.max(1, bx * blockSize); x < xEnd; x++) {
        const i = y * width + x;
        inside[i] = 1;
        binary[i] = enhanced[i] > 0 ? 1 : 0;
      }
    }
  }
  const span = maskRowSpan(mask, width, height);
  flipSmallComponents(binary, inside, width, 1, maxSpeckArea, true, span, scratch);
  flipSmallComponents(binary, inside, width, 0, maxSpeckArea, false, span, scratch);
  return binary;
}

/**
 * Flips connected components of `value` with area ≤ maxArea that lie wholly inside the mask (a
 * valley region open to the background is not a hole). Ridges use 8-connectivity and valleys
 * 4-connectivity, the dual pair that keeps topology sane. Flood fills never leave `inside`, so
 * the background is never walked and no bounds checks are needed.
 */
function flipSmallComponents(
  binary: Uint8Array,
  inside: Uint8Array,
  width: number,
  value: number,
  maxArea: number,
  eightConnected: boolean,
  span: PixelSpan,
  scratch: ScratchBuffers,
): void {
  const seen = scratch.uint8('speck-seen', binary.length, true);
  const stack = scratch.int32('speck-stack', binary.length, false);
  const members = new Int32Array(maxArea + 1);
  const steps = eightConnected ? [-1, 1, -width, width, -width - 1, -width + 1, width - 1, width + 1] : [-1, 1, -width, width];
  const stepCount = steps.length;
  // `inside` is 0 outside the span.
  for (let start = span.from; start < span.to; start++) {
    if (!inside[start] || binary[start] !== value || seen[start]) continue;
    let top = 0;
    let count = 0;
    let enclosed = true;
    stack[top++] = start;
    seen[start] = 1;
    while (top > 0) {
      const i = stack[--top];
      if (count <= maxArea) members[count] = i;
      count++;
      for (let k = 0; k < stepCount; k++) {
        const j = i + steps[k];
        if (binary[j] !== value || seen[j]) continue;
        if (!inside[j]) {
          enclosed = false;
          continue;
        }
        seen[j] = 1;
        stack[top++] = j;
      }
    }
    if (enclosed && count <= maxArea) {
      for (let k = 0; k < count; k++) binary[members[k]] = 1 - value;
    }
  }
}
