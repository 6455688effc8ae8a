/**
 * The load generators `bench:http` drives: wrk (Debian's `wrk` package, a C client) when it is
 * installed, else autocannon (npm). On this 2-core machine the client shares the CPU with the
 * server it measures: autocannon spends about 1 ms of CPU per request in its own process (measured
 * with /usr/bin/time), wrk about 0.04 ms, so with autocannon a fifth or more of the machine goes to
 * the client at the rates measured here. Both report the same figures; the run says which it used.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

export type LoadClient = 'wrk' | 'autocannon';

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  /** One body for every request (bytes are sent as they are), or one per request taken in turn. */
  body?: string | Buffer;
  bodies?: string[];
}

export interface LoadRun {
  base: string;
  request: LoadRequest;
  seconds: number;
  connections: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Error answers (4xx/5xx), socket errors and timeouts. */
  errors: number;
  total: number;
}

/** wrk when it is on the PATH, else autocannon. */
export function defaultClient(): LoadClient {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return 'wrk';
  } catch (error) {
    // wrk --version exits 1 after printing its version: found.
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'autocannon' : 'wrk';
  }
}

export function runLoad(client: LoadClient, run: LoadRun): Promise<LoadResult> {
  return client === 'wrk' ? runWrk(run) : runAutocannon(run);
}

async function runAutocannon({ base, request, seconds, connections }: LoadRun): Promise<LoadResult> {
  let next = 0;
  const requests: autocannon.Request[] = [{
    method: request.method,
    path: request.path,
    headers: request.headers,
    body: request.body,
    ...(request.bodies ? { setupRequest: (r: autocannon.Request) => ({ ...r, body: request.bodies![next++ % request.bodies!.length] }) } : {}),
  }];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    autocannon({ url: base, duration: seconds, connections, requests }, (error, r) => (error ? reject(error) : resolve(r)));
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    total: result.requests.total,
  };
}

/**
 * One wrk thread (it needs far less than a core at these rates), `connections` keep-alive
 * connections, the request written as a Lua script in a temporary folder.
 */
async function runWrk({ base, request, seconds, connections }: LoadRun): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'siap-bench-wrk-'));
  try {
    const script = join(dir, 'request.lua');
    const bodyFile = join(dir, 'body');
    if (request.body !== undefined) writeFileSync(bodyFile, request.body);
    writeFileSync(script, luaScript(request, bodyFile));
    const output = await new Promise<string>((resolve, reject) => {
      // --timeout 10s: autocannon's default (wrk's own, 2 s, would count slow image requests as errors).
      const child = spawn('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '10s', '--latency', '-s', script, base + request.path], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (chunk) => (out += chunk.toString()));
      child.stderr.on('data', (chunk) => (out += chunk.toString()));
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`wrk terminó (${code}): ${out}`))));
    });
    return parseWrk(output);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function luaScript(request: LoadRequest, bodyFile: string): string {
  const lines = [`wrk.method = ${lua(request.method)}`];
  for (const [name, value] of Object.entries(request.headers ?? {})) lines.push(`wrk.headers[${lua(name)}] = ${lua(value)}`);
  if (request.bodies) {
    // Requests built once (wrk.format, in init: the URL's path is set only then) and taken in turn.
    lines.push(`local bodies = { ${request.bodies.map(lua).join(', ')} }`);
    lines.push('local prepared = {}', 'function init(args) for i, body in ipairs(bodies) do prepared[i] = wrk.format(nil, nil, nil, body) end end');
    lines.push('local n = 0', 'request = function() n = n + 1; return prepared[(n % #prepared) + 1] end');
  } else if (request.body !== undefined) {
    // Read from a file: the body may be bytes (an image), which a Lua literal would not carry.
    lines.push(`local file = assert(io.open(${lua(bodyFile)}, "rb"))`, 'wrk.body = file:read("*a")', 'file:close()');
  }
  return lines.join('\n') + '\n';
}

/** A Lua string literal: JSON's escapes are valid Lua for the characters JSON.stringify emits. */
function lua(text: string): string {
  return JSON.stringify(text).replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => `\\u{${hex}}`);
}

/** Reads wrk's report: totals, the latency distribution (--latency) and the errors. */
export function parseWrk(output: string): LoadResult {
  const total = Number(/(\d+) requests in/.exec(output)?.[1]);
  const rate = Number(/Requests\/sec:\s*([\d.]+)/.exec(output)?.[1]);
  const percentile = (p: string) => {
    const m = new RegExp(`^\\s*${p}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(output);
    if (!m) throw new Error(`wrk: no ${p}th percentile in its report:\n${output}`);
    const scale = { us: 0.001, ms: 1, s: 1_000, m: 60_000 }[m[2] as 'us' | 'ms' | 's' | 'm'];
    return Number(m[1]) * scale;
  };
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const socketErrors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  // wrk counts answers with a status of 400 or more here (its label says "Non-2xx or 3xx").
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0);
  if (!Number.isFinite(total) || !Number.isFinite(rate)) throw new Error(`wrk: unreadable report:\n${output}`);
  return { requestsPerSecond: rate, p50Ms: Math.round(percentile('50')), p99Ms: Math.round(percentile('99')), errors: socketErrors + non2xx, total };
}
