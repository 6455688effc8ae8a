/**
 * A shard in a worker thread: loads its engine, then answers the gallery's messages one at a time
 * (requests are handled in arrival order, so an "add" is visible to every later "search").
 * Errors in a request are answered as "error" messages with their stable code; anything that
 * escapes (a bug, an engine crash) kills the thread and the gallery reports the shard as failed.
 */
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { BiometricError } from '../errors.ts';
import type { GalleryEngineModule } from './engine.ts';
import { readShardFile, writeShardFile } from './pack-file.ts';
import type { ShardConfig, ShardRequest, ShardResponse } from './protocol.ts';
import { ShardIndex } from './shard-index.ts';

const port = parentPort;
if (!port) throw new Error('shard-worker.ts must run as a worker thread');
const config = workerData as ShardConfig;
const { galleryEngine } = (await import(config.engineUrl)) as GalleryEngineModule;
let index = new ShardIndex(galleryEngine, config.prefilter);

// Pack files are read and written asynchronously: requests are chained so they are still
// answered one at a time, in arrival order.
let queue: Promise<void> = Promise.resolve();
port.on('message', (request: ShardRequest) => {
  if (request.kind === 'close') {
    void queue.then(() => port.close());
    return;
  }
  queue = queue.then(async () => port.postMessage(await answer(request)));
});
port.postMessage({ kind: 'ready' } satisfies ShardResponse);

/**
 * The thread's V8 heap in use: the shard's JS objects (subject ids, their map and lists) beside its
 * typed arrays, which live outside the heap. Collected first when the process exposes gc
 * (node --expose-gc, as bench:gallery's memory table is run), else garbage is counted too.
 */
function heapInUse(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return getHeapStatistics().used_heap_size;
}

async function answer(request: Exclude<ShardRequest, { kind: 'close' }>): Promise<ShardResponse> {
  const requestId = request.requestId;
  try {
    switch (request.kind) {
      case 'add':
        return { kind: 'added', requestId, ...index.add(request.records) };
      case 'removeSubject':
        return { kind: 'removed', requestId, removed: index.removeSubject(request.subjectId) };
      case 'search':
        return { kind: 'candidates', requestId, ...index.search(request.probes, request.options) };
      case 'stats':
        return { kind: 'stats', requestId, stats: { ...index.stats(), heapBytes: heapInUse() } };
      case 'seal':
        index.seal();
        return { kind: 'stats', requestId, stats: index.stats() };
      case 'savePack': {
        const written = await writeShardFile(request.path, index.pack(), request.key);
        return { kind: 'packSaved', requestId, ...written, digest: index.digest().toString() };
      }
      case 'loadPack': {
        // Emptied first: a pack refused leaves an empty shard, never a mix of old and new entries.
        index = new ShardIndex(galleryEngine, config.prefilter);
        if (request.path !== null) {
          index = ShardIndex.fromPacked(galleryEngine, config.prefilter, await readShardFile(request.path, request, request.key));
          index.seal();
        }
        return { kind: 'packLoaded', requestId, entries: index.size };
      }
    }
  } catch (error) {
    if (error instanceof BiometricError) return { kind: 'error', requestId, code: error.code, message: error.message, details: error.details };
    throw error;
  }
}
