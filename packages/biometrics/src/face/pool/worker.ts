import { parentPort, workerData } from 'node:worker_threads';
import { BiometricError } from '../../errors.ts';
import { FaceEngine } from '../engine.ts';
import type { WorkerInit, WorkerReply, WorkerRequest } from './protocol.ts';

const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');
const init = workerData as WorkerInit;

async function handle(engine: FaceEngine, req: WorkerRequest): Promise<unknown> {
  switch (req.op) {
    case 'extractAll':
      return engine.extractAll(req.bytes);
    case 'enroll':
      return engine.enroll(req.bytes, { requireQuality: req.args.requireQuality !== false });
    case 'probe':
      return engine.probe(req.bytes);
    case 'observe':
      return engine.observe(req.bytes, req.args.withEmbedding === true);
    case 'presentation':
      return engine.presentation(req.bytes);
  }
}

try {
  const engine = await FaceEngine.create(init.options);
  // One request at a time per worker: wasm inference is synchronous, so concurrency comes from
  // having one worker per core, not from interleaving requests inside one.
  let chain: Promise<void> = Promise.resolve();
  port.on('message', (req: WorkerRequest) => {
    chain = chain.then(async () => {
      const t0 = performance.now();
      let reply: WorkerReply;
      try {
        const result = await handle(engine, req);
        reply = { id: req.id, ok: true, result, ms: performance.now() - t0 };
      } catch (err) {
        reply = err instanceof BiometricError
          ? { id: req.id, ok: false, error: { code: err.code, message: err.message, details: err.details } }
          : { id: req.id, ok: false, error: { code: null, message: err instanceof Error ? err.message : String(err) } };
      }
      port.postMessage(reply);
    });
  });
  port.postMessage({ type: 'ready', model: engine.model });
} catch (err) {
  port.postMessage({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
}
