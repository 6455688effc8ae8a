/**
 * Loads Human (@vladmandic/human) on the TensorFlow.js wasm backend, fully offline.
 *
 * Why each step is needed (all measured on Node 20, Human 3.3.6, tfjs 4.22.0):
 * - `human.node-wasm.js` is not reachable through the package's exports map, so it is loaded by
 *   file path through `createRequire`. It `require`s the *installed* tfjs-core / converter /
 *   backend-wasm (it does not bundle its own tfjs), and Human 3.3.6 was built against 4.22.0 —
 *   the version installed here — so the wasm binaries of `@tensorflow/tfjs-backend-wasm/dist/`
 *   match the JS glue (checked at start-up, see `assertTfjsVersions`).
 * - Human's default `wasmPath` is a CDN URL; we point it at the backend's own `dist/` folder.
 * - Human loads models through `fetch`, and Node's fetch does not read `file://`. Human's loader
 *   falls back to tfjs' HTTP handler, which calls the `fetch` we give it; we route one reserved,
 *   never-resolvable host (`.invalid`, RFC 2606) to files inside the npm packages, so nothing can
 *   reach the network.
 */
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** Human's own class, typed loosely: we use a small, stable part of its API. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type HumanInstance = any;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Tf = any;

/** Reserved host: `.invalid` can never resolve, so a routing mistake fails instead of downloading. */
export const MODEL_HOST = 'http://models.siap.invalid';

function packageDir(entry: string, marker: string): string {
  const resolved = require.resolve(entry);
  const at = resolved.lastIndexOf(marker);
  if (at < 0) throw new Error(`cannot locate package folder for ${entry}`);
  return resolved.slice(0, at + marker.length);
}

export const paths = {
  human: packageDir('@vladmandic/human', `${path.sep}human${path.sep}`),
  humanModels: path.join(packageDir('@vladmandic/human', `${path.sep}@vladmandic${path.sep}`), 'human-models', 'models'),
  faceApiModels: path.join(packageDir('@vladmandic/human', `${path.sep}@vladmandic${path.sep}`), 'face-api', 'model'),
  wasmDist: path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + path.sep,
};

/** Maps `MODEL_HOST/<folder>/<file>` to a file in one of the model folders of the npm packages. */
const folders: Record<string, string> = {
  human: path.join(paths.human, 'models'),
  'human-models': paths.humanModels,
  'face-api': paths.faceApiModels,
};

export function modelUrl(folder: keyof typeof folders & string, file: string): string {
  return `${MODEL_HOST}/${folder}/${file}`;
}

export function localPathForUrl(url: string): string | null {
  if (!url.startsWith(MODEL_HOST + '/')) return null;
  const rest = url.slice(MODEL_HOST.length + 1).split('?')[0];
  const slash = rest.indexOf('/');
  const base = folders[rest.slice(0, slash)];
  const file = rest.slice(slash + 1);
  if (!base || file.includes('..') || file.includes('/')) return null;
  return path.join(base, file);
}

let fetchPatched = false;
/** Installs the routing fetch once per thread. Other URLs go to the original fetch untouched. */
export function installModelFetch(): void {
  if (fetchPatched) return;
  fetchPatched = true;
  const original = globalThis.fetch;
  globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const local = localPathForUrl(url);
    if (local === null) {
      if (url.startsWith(MODEL_HOST)) return new Response('not found', { status: 404 });
      return original(input, init);
    }
    try {
      const body = await readFile(local);
      const type = local.endsWith('.json') ? 'application/json' : 'application/octet-stream';
      return new Response(body, { status: 200, headers: { 'content-type': type } });
    } catch {
      return new Response('not found', { status: 404 });
    }
  }) as typeof fetch;
}

export function loadTf(): Tf {
  return require('@tensorflow/tfjs-core');
}

export function assertTfjsVersions(): void {
  const want = (require(path.join(paths.human, 'package.json')) as { devDependencies: Record<string, string> })
    .devDependencies['@tensorflow/tfjs-backend-wasm'];
  const core = (require('@tensorflow/tfjs-core/package.json') as { version: string }).version;
  const wasm = (require('@tensorflow/tfjs-backend-wasm/package.json') as { version: string }).version;
  const converter = (require('@tensorflow/tfjs-converter/package.json') as { version: string }).version;
  const major = (v: string) => v.replace(/^[^\d]*/, '').split('.')[0];
  if (core !== wasm || core !== converter || major(want ?? core) !== major(core)) {
    throw new Error(`tfjs versions differ: core ${core}, wasm ${wasm}, converter ${converter}, Human built for ${want}`);
  }
}

/** Human's constructor from the node-wasm bundle (not in the exports map: load by file path). */
export function loadHumanClass(): new (config: object) => HumanInstance {
  installModelFetch();
  assertTfjsVersions();
  const mod = require(path.join(paths.human, 'dist', 'human.node-wasm.js')) as { Human: new (config: object) => HumanInstance };
  return mod.Human;
}
