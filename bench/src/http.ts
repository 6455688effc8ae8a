/**
 * `npm run bench:http`: the outside review's load runs, against `npm start` on loopback (issue 19).
 * Starts the system in demo mode on a fresh data directory, enrolls the demo employee with the
 * simulated reader, then runs a load client bounded in time and connections: wrk (Debian's `wrk`
 * package, `apt-get install wrk`) when it is installed, else autocannon; --client wrk|autocannon
 * chooses. On 2 cores the client's own CPU is taken from the server: autocannon spends ~1 ms per
 * request, wrk ~0.04 ms (load-client.ts). The runs:
 *   login             POST /api/auth/employee-login (argon2id at the production cost), four accounts
 *   verify_template   POST /api/biometrics/verify with a minutiae template probe (no extraction)
 *   verify_image      POST /api/biometrics/verify with a PNG probe (decode + extraction)
 *   health_under_load GET /api/health while verify_image runs saturate the server, polled at a fixed
 *                     rate (--health-rate, default 20/s) as a load balancer's check would: a closed loop
 *                     at full speed would be a load run of its own, taking the CPU the image run measures
 * Before the runs it times the extraction of the image probe in this process (median CPU of nine warm runs)
 * and prints the image run's target, 0.8 × cores / extraction time (issue 19).
 * One line per run: `bench:http <name> req_s=n p50_ms=n p99_ms=n errors=n requests=n` (requests: the run's total,
 * to divide CPU time measured around the run by).
 * verify_image posts the PNG file as the body of /api/biometrics/verify/finger-image (--image-body
 * binary, the default) or base64 in the JSON body of /api/biometrics/verify (--image-body json).
 * Options: --seconds N (per run, default 10), --connections N (default 8), --url URL (a system
 * already running in demo mode with the same variables, e.g. under a profiler, instead of starting one),
 * --only NAME (one run, e.g. verify_template), --warmup N (seconds of unmeasured verify_template load first, so
 * worker threads are started and caches and the JIT warm; the line `bench:http warmed up` marks its end),
 * --server-pid N (with --url: the server's process group, for the CPU line below).
 * After each run a line `bench:http <name> cpu_ms_per_req server=x postgres=y` gives the CPU time (user + system,
 * from /proc, Linux only) that the server's process group and the local PostgreSQL processes spent per request
 * during that run: throughput on a shared 2-core machine is bounded by it, whatever else runs.
 * The rate limits are raised for the run (RATE_LIMIT_*), or every run would measure 429s, and the
 * enrollment policy is lowered to two fingers and no face (BIOMETRIC_ENROLL_*): the runs measure
 * verification, and two simulated fingers are all the probe needs.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import sharp from 'sharp';
import { makeDemoPerson } from '@siap/mx-identity';
import { defaultClient, runLoad, type LoadClient, type LoadRequest, type LoadResult } from './load-client.ts';
import { SimulatedFingerprintDriver } from '../../server/src/modules/readers/drivers.ts';
import { probeFinger, processFinger } from '../../server/src/modules/readers/processing.ts';
import { renderSimulatedPrint } from '../../server/src/modules/readers/simulated-print.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the bench reads a few fields of many answers
type Json = any;

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '0' },
    connections: { type: 'string', default: '8' },
    url: { type: 'string' },
    only: { type: 'string' },
    'server-pid': { type: 'string' },
    'health-rate': { type: 'string', default: '20' },
    client: { type: 'string' },
    'image-body': { type: 'string', default: 'binary' },
  },
});
const seconds = Math.max(1, Math.min(60, Number(values.seconds)));
const connections = Math.max(1, Math.min(64, Number(values.connections)));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

class Session {
  cookies = new Map<string, string>();
  csrf = '';
  constructor(readonly base: string) {}
  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  async call(method: string, path: string, body?: unknown): Promise<{ status: number; json: Json }> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.cookies.size) headers.cookie = this.cookieHeader;
    if (this.csrf && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    const response = await fetch(this.base + path, { method, headers, body: body === undefined ? (method === 'GET' ? undefined : '{}') : JSON.stringify(body) });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const at = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    const text = await response.text();
    const json: Json = text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : text;
    return { status: response.status, json };
  }
  async login(matricula: string, password: string): Promise<void> {
    const r = await this.call('POST', '/api/auth/employee-login', { matricula, ooadCode: '35', password });
    if (r.status !== 200) throw new Error(`login ${matricula}: ${r.status} ${JSON.stringify(r.json)}`);
    this.csrf = (await this.call('GET', '/api/session/csrf')).json.token;
  }
}

function must(r: { status: number; json: Json }, what: string): Json {
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json;
}

function line(name: string, result: LoadResult): string {
  return `bench:http ${name} req_s=${Math.round(result.requestsPerSecond)} p50_ms=${result.p50Ms} p99_ms=${result.p99Ms} errors=${result.errors} requests=${result.total}`;
}

/**
 * CPU ticks (user + system) by process: those whose group is `group` (the server) and the
 * `postgres` processes. By process, so that one which ended or started during a run (another
 * program's connection) is left out of the difference instead of making it wrong.
 */
function cpuTicks(group: number | null): Map<number, { server: boolean; ticks: number }> {
  const byProcess = new Map<number, { server: boolean; ticks: number }>();
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return byProcess; // not Linux
  }
  for (const pid of entries) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    // Fields after the command name (which may hold spaces) start at "state".
    const close = stat.lastIndexOf(')');
    const command = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    if (group !== null && Number(fields[2]) === group) byProcess.set(Number(pid), { server: true, ticks });
    else if (command.startsWith('postgres')) byProcess.set(Number(pid), { server: false, ticks });
  }
  return byProcess;
}

/** Ticks spent between two readings by the server's processes and by PostgreSQL's. */
function ticksBetween(before: ReturnType<typeof cpuTicks>, after: ReturnType<typeof cpuTicks>): { server: number; postgres: number } {
  const spent = { server: 0, postgres: 0 };
  for (const [pid, now] of after) {
    const then = before.get(pid);
    if (!then) continue;
    if (now.server) spent.server += now.ticks - then.ticks;
    else spent.postgres += now.ticks - then.ticks;
  }
  return spent;
}
const TICK_MS = 10; // USER_HZ is 100 on Linux

const client: LoadClient = values.client === 'wrk' || values.client === 'autocannon' ? values.client : defaultClient();

function run(request: LoadRequest, duration = seconds): Promise<LoadResult> {
  return runLoad(client, { base, request, seconds: duration, connections });
}

/** The health checks beside the image run: autocannon, the one client of the two that sends at a fixed rate. */
async function pollHealth(rate: number): Promise<LoadResult> {
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    autocannon({ url: `${base}/api/health`, duration: seconds, connections: 1, overallRate: rate }, (error, r) => (error ? reject(error) : resolve(r)));
  });
  return { requestsPerSecond: result.requests.average, p50Ms: result.latency.p50, p99Ms: result.latency.p99, errors: result.errors + result.timeouts + result.non2xx, total: result.requests.total };
}

/** Runs `body`, then prints its lines and the CPU spent per request of its first run. */
async function measured(name: string, body: () => Promise<Array<[string, LoadResult]>>): Promise<void> {
  const before = cpuTicks(serverGroup);
  const results = await body();
  const after = cpuTicks(serverGroup);
  for (const [label, result] of results) console.log(line(label, result));
  // Per request of the first run: for verify_image, the health checks sent beside it are included.
  const requests = results[0]![1].total;
  const spent = ticksBetween(before, after);
  if (requests === 0 || (serverGroup === null && spent.postgres === 0)) return;
  const perRequest = (ticks: number) => ((ticks * TICK_MS) / requests).toFixed(2);
  const server = serverGroup === null ? 'n/a' : perRequest(spent.server);
  console.log(`bench:http ${name} cpu_ms_per_req server=${server} postgres=${perRequest(spent.postgres)}`);
}

/** What the system runs with during the bench (also what a `--url` system must be started with). */
const BENCH_SERVER_ENV = {
  RATE_LIMIT_MAX: '1000000',
  RATE_LIMIT_AUTH_MAX: '1000000',
  BIOMETRIC_ENROLL_MIN_FINGERS: '2',
  BIOMETRIC_ENROLL_REQUIRE_FACE: 'false',
  LOG_LEVEL: 'warn',
};

const dataDir = mkdtempSync(join(tmpdir(), 'siap-bench-http-'));
const port = values.url ? Number(new URL(values.url).port) : await freePort();
const base = values.url ? values.url.replace(/\/$/, '') : `http://127.0.0.1:${port}`;
const server = values.url
  ? null
  : spawn('npm', ['start'], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: join(dataDir, 'pglite'),
        ...BENCH_SERVER_ENV,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: true,
    });
// `npm start` runs in its own process group (detached), so its node child is counted with it.
const serverGroup = server ? server.pid! : values['server-pid'] ? Number(values['server-pid']) : null;
try {
  if (server) {
    await new Promise<void>((resolve, reject) => {
      let out = '';
      server.stdout!.on('data', (chunk) => {
        out += chunk.toString();
        if (out.includes('escuchando en')) resolve();
      });
      server.on('exit', (code) => reject(new Error(`npm start terminó (${code})`)));
    });
  }

  const admin = new Session(base);
  await admin.login('10000006', 'AdminDemo2025');
  const station = must(await admin.call('POST', '/api/biometrics/stations', { code: `BENCH-${port}-${Date.now().toString(36).toUpperCase()}`, name: 'Banco de pruebas', ooadCode: '35' }), 'station');
  const simulated = must(await admin.call('POST', `/api/biometrics/stations/${station.id}/readers`, { name: 'Simulado', driver: 'simulado', modality: 'huella' }), 'reader');
  const upload = must(await admin.call('POST', `/api/biometrics/stations/${station.id}/readers`, { name: 'Archivo', driver: 'archivo', modality: 'huella' }), 'reader');
  for (const reader of [simulated, upload]) must(await admin.call('POST', `/api/biometrics/readers/${reader.id}/status`, { connected: true }), 'connect');

  const operator = new Session(base);
  await operator.login('10000004', 'OperadorDemo2025');
  const curp = makeDemoPerson(1).curp;
  // The person's express consent, attested by the operator, comes before any capture.
  const notice = must(await operator.call('GET', '/api/privacy/notice'), 'notice');
  must(await operator.call('POST', '/api/privacy/consents', { curp, stationId: station.id, noticeVersion: notice.version, scope: 'datos_biometricos', granted: true }), 'consent');
  const session = must(await operator.call('POST', '/api/biometrics/sessions', { curp, stationId: station.id }), 'session');
  must(await operator.call('POST', `/api/biometrics/sessions/${session.id}/reader`, { readerId: simulated.id }), 'select reader');
  for (const position of [2, 7]) must(await operator.call('POST', `/api/biometrics/sessions/${session.id}/fingers/${position}`, { simulate: {} }), `finger ${position}`);
  must(await operator.call('POST', `/api/biometrics/sessions/${session.id}/complete`), 'complete');

  // Probes: a later impression of the same synthetic finger, as a template and as a PNG.
  const impression = await new SimulatedFingerprintDriver().capture({ simulate: { impression: 7 } } as never, { personKey: curp, position: 2, modality: 'huella' } as never);
  const processed = await processFinger(impression, { requireQuality: false });
  const template = Buffer.from(processed.compact).toString('base64');
  // The same impression as a PNG file: the bytes a scanner bridge would upload.
  if (impression.kind !== 'simulated-print') throw new Error(`the simulated reader gave a ${impression.kind}, not an impression`);
  const { width, height, data } = renderSimulatedPrint(impression);
  const png = (await sharp(Buffer.from(data), { raw: { width, height, channels: 1 } }).png().toBuffer()).toString('base64');
  const verifyRequest = (probe: Record<string, unknown>): LoadRequest => ({
    method: 'POST',
    path: '/api/biometrics/verify',
    headers: { 'content-type': 'application/json', cookie: operator.cookieHeader, 'x-csrf-token': operator.csrf },
    body: JSON.stringify({ curp, purpose: 'asistencia', fingerReaderId: upload.id, fingers: [{ position: 2, ...probe }] }),
  });
  // The image as a scanner bridge uploads it: the file itself as the body (--image-body binary, the
  // default), or base64 inside the JSON body (--image-body json), which costs the server's event
  // loop a string decode and a JSON.parse of ~220 kB per request.
  const imageRequest = (): LoadRequest =>
    values['image-body'] === 'json'
      ? verifyRequest({ image: png, dpi: 500 })
      : {
          method: 'POST',
          path: `/api/biometrics/verify/finger-image?${new URLSearchParams({ curp, purpose: 'asistencia', fingerReaderId: upload.id, position: '2', dpi: '500' })}`,
          headers: { 'content-type': 'image/png', cookie: operator.cookieHeader, 'x-csrf-token': operator.csrf },
          body: Buffer.from(png, 'base64'),
        };
  const check = must(await operator.call('POST', '/api/biometrics/verify', JSON.parse(verifyRequest({ template }).body as string)), 'verify template');
  if (check.decision !== 'coincide') throw new Error(`the template probe does not match: ${JSON.stringify(check)}`);

  console.log(`bench:http setup: ${base}, client ${client}, image body ${values['image-body'] === 'json' ? 'base64 in JSON' : 'binary'}, ${seconds} s per run, ${connections} connections, CPUs shared with other processes (see load average)`);
  const wanted = (name: string) => !values.only || values.only === name;
  if (wanted('verify_image')) {
    // What the server's workers do per image request (decode, resample, extract), timed here by
    // CPU once warm: the first ten runs are the JIT's (measured: 400 → 40 ms over them).
    const pngBytes = Buffer.from(png, 'base64');
    const times: number[] = [];
    for (let i = 0; i < 19; i++) {
      const before = process.cpuUsage();
      await probeFinger({ kind: 'encoded-image', bytes: pngBytes, dpi: 500 });
      const used = process.cpuUsage(before);
      if (i >= 10) times.push((used.user + used.system) / 1000);
    }
    const extractionMs = times.sort((a, b) => a - b)[4]!;
    const cores = availableParallelism();
    console.log(`bench:http verify_image extraction_ms=${extractionMs.toFixed(1)} cores=${cores} target_req_s=${Math.round((0.8 * cores * 1000) / extractionMs)}`);
  }
  const warmup = Math.max(0, Math.min(60, Number(values.warmup)));
  if (warmup > 0) {
    await run(verifyRequest({ template }), warmup);
    console.log('bench:http warmed up');
  }
  if (wanted('login')) {
    // Round-robin over the four demo staff accounts: eight connections on one account would
    // measure the lockout (at most five password checks of one account in flight, issue 19 item 7).
    const staff = [['10000001', 'EmpleadoDemo2025'], ['10000004', 'OperadorDemo2025'], ['10000005', 'SupervisorDemo2025'], ['10000006', 'AdminDemo2025']];
    const logins: LoadRequest = {
      method: 'POST',
      path: '/api/auth/employee-login',
      headers: { 'content-type': 'application/json' },
      // Each request takes the next account, whatever connection sends it.
      bodies: staff.map(([matricula, password]) => JSON.stringify({ matricula, ooadCode: '35', password })),
    };
    await measured('login', async () => [['login', await run(logins)]]);
  }
  if (wanted('verify_template')) await measured('verify_template', async () => [['verify_template', await run(verifyRequest({ template }))]]);
  if (wanted('verify_image') || wanted('health_under_load')) {
    await measured('verify_image', async () => {
      const imageRun = run(imageRequest());
      const healthRun = pollHealth(Math.max(1, Number(values['health-rate'])));
      const [image, health] = await Promise.all([imageRun, healthRun]);
      return [['verify_image', image], ['health_under_load', health]];
    });
  }
} finally {
  if (server) {
    try {
      process.kill(-server.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
  rmSync(dataDir, { recursive: true, force: true });
}
