export * from './types.ts';
export * from './extractor/index.ts';
export * from './matcher/index.ts';
export { BiometricError } from '../errors.ts';
export type { GrayImage } from '../primitives/gray-image.ts';
