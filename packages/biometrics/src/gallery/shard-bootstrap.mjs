// Worker threads do not inherit tsx's loader reliably on Node 20 (the worker's entry is resolved
// before `--import tsx` has registered its hooks), so a shard starts from this plain module, which
// registers tsx first and then imports the TypeScript entry named in its worker data.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
