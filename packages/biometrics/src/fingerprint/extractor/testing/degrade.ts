import type { GrayImage } from '../../../primitives/gray-image.ts';

/** A box blur of the given radius (edges averaged over the pixels inside): an out-of-focus capture for tests. */
export function boxBlur(image: GrayImage, radius: number): GrayImage {
  const { width, height, data } = image;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      let n = 0;
      for (let yy = Math.max(0, y - radius); yy <= Math.min(height - 1, y + radius); yy++) {
        for (let xx = Math.max(0, x - radius); xx <= Math.min(width - 1, x + radius); xx++) {
          sum += data[yy * width + xx];
          n++;
        }
      }
      out[y * width + x] = Math.round(sum / n);
    }
  }
  return { width, height, data: out };
}
