// The compiled kernels of fingerprint extraction: one WebAssembly module
// (src/fingerprint/extractor/kernels.wasm), built by `npm run build:wasm -w packages/biometrics`.
export { filterAcrossRidges, smoothAlongRidges } from './enhancement';
export { binarize } from './binarization';
export { thin } from './thinning';
export { blockPeriods } from './frequency';
export { blockGradients } from './block-gradients';
export { smoothOverMask } from './block-map';
export { orientationBin, pixelOrientationBins } from './orientation';
