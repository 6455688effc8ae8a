// The compiled kernels of the 1:N gallery: one WebAssembly module (src/gallery/gallery-kernels.wasm),
// built by `npm run build:wasm -w packages/biometrics`.
export { votePostings, finishBlock } from './postings';
export { mccLss, mccWiden } from './mcc';
