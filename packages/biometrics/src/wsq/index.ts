/**
 * WSQ (FBI Wavelet Scalar Quantization, IAFIS-IC-0110) fingerprint image codec: the format
 * AFIS and ten-print scanners exchange gray fingerprints in. See README.md for what it covers.
 */
export { decodeWsq, type WsqImage } from './decode.ts';
export { encodeWsq, DEFAULT_BIT_RATE, type WsqEncodeOptions } from './encode.ts';
export { isWsq } from './markers.ts';
export { MIN_WSQ_SIDE } from './layout.ts';
