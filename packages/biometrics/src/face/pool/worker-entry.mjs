// Worker bootstrap: the library ships as TypeScript run through tsx (no build step), and a worker
// thread does not inherit the parent's loader in every host (Vitest, plain node), so the worker
// module is imported through tsx's scoped API.
import { tsImport } from 'tsx/esm/api';

await tsImport('./worker.ts', import.meta.url);
