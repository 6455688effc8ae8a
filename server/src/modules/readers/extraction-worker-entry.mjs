// Worker bootstrap: the server runs TypeScript through tsx, and a worker thread does not inherit
// the parent's loader in every host (Vitest, plain node), so the worker module is imported through
// tsx's scoped API (as packages/biometrics/src/face/pool/worker-entry.mjs does).
import { tsImport } from 'tsx/esm/api';

const worker = await tsImport('./extraction-worker.ts', import.meta.url);
export default worker.default;
export const compareFingers = worker.compareFingers;
export const extractProbe = worker.extractProbe;
