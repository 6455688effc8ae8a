// Worker threads do not pick up tsx's loader for a .ts entry on Node 20, so bench workers start
// here: register tsx, then import the TypeScript entry named in the worker data.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
