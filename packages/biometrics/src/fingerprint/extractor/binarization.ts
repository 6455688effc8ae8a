import { type BlockMask, maskRowSpan } from './block-map.ts';
import { FRESH_BUFFERS, type ScratchBuffers } from './scratch.ts';
import { kernelArena } from './wasm-kernels.ts';

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
  // Compiled (assembly/binarization.ts): the flood fills are a third of this stage's JavaScript
  // cost in bounds and type checks. Flood fills never leave the mask's pixels off the frame, so
  // the background is never walked; ridges use 8-connectivity and valleys 4-connectivity, the
  // dual pair that keeps topology sane; a valley region open to the background is not a hole.
  const pixels = width * height;
  const arena = kernelArena(pixels);
  const enhancedAt = arena.copyIn(enhanced);
  const maskAt = arena.copyIn(mask.data);
  const binaryAt = arena.allocate(pixels);
  const span = maskRowSpan(mask, width, height);
  arena.kernels.binarize(
    enhancedAt,
    maskAt,
    binaryAt,
    arena.allocate(pixels),
    arena.allocate(pixels),
    arena.allocate(4 * pixels),
    arena.allocate(4 * (maxSpeckArea + 1)),
    width,
    height,
    mask.blockSize,
    mask.blocksX,
    maxSpeckArea,
    span.from,
    span.to,
  );
  const binary = scratch.uint8('binary', pixels, false);
  binary.set(arena.uint8(binaryAt, pixels));
  return binary;
}
