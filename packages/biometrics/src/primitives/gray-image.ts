/** An 8-bit grayscale raster, row-major, 0 = black. */
export interface GrayImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}
