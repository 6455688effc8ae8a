/**
 * Our extractor against SourceAFIS for Java on the same images in one run: a JVM running
 * bench/sourceafis/ExtractTiming (built outside the repository by bench/sourceafis/build.sh) is
 * asked for one image, then our engine does the same image (or the other way round: the order
 * alternates image by image and round by round), each on one thread, after a warm-up pass.
 *
 *   npm run bench:extract-vs-sourceafis -- --dataset DIR [--dpi N] --jar-dir DIR [--limit 80] [--rounds 3] [--warmup 1]
 *
 * DIR is a set folder, or a parent of sets (each set's dpi from its resolutions.csv). Figures are
 * CPU time, which a shared machine disturbs less than wall time:
 * - extraction on the calling thread: ours `extractTemplate` (Linux's per-thread run time, see
 *   threadCpuNs), SourceAFIS `new FingerprintTemplate(image)` (ThreadMXBean); per image the
 *   median of the rounds, per set the median over images, and the median of per-image ratios;
 * - extraction by the whole process (JIT compilers and collectors too), as a mean over the set:
 *   the JVM's process counter moves in 10 ms steps, too coarse for one image;
 * - decode apart: ours `decodeFingerprintImage` (TIFF through sharp, whose libvips threads do the
 *   work: process CPU time, and it includes the rescale to 500 dpi), SourceAFIS
 *   `new FingerprintImage(bytes, options)` (ImageIO on the calling thread; its rescale to 500 dpi
 *   happens inside extraction).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { discoverDatasets, type Dataset } from './fingerprint/dataset.ts';
import { decodeFingerprintImage, extractTemplate } from '../../packages/biometrics/src/fingerprint/index.ts';

const USAGE =
  'Uso: npm run bench:extract-vs-sourceafis -- --dataset DIR [--dpi N] --jar-dir DIR [--limit N] [--rounds N] [--warmup N] [--java RUTA]';

/** CPU times of one image, in milliseconds. */
interface Timing {
  decodeThread: number;
  decodeProcess: number;
  extractThread: number;
  extractProcess: number;
}

const ms = (ns: bigint): number => Number(ns) / 1e6;

const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * This thread's CPU time in ns, from the first field of Linux's /proc/thread-self/schedstat (Node 20
 * has no per-thread cpuUsage). The kernel brings that field up to date only at a tick or when the
 * thread leaves the CPU, so a 1 ms sleep comes first: without it the figure lags by up to a tick.
 */
function threadCpuNs(): bigint {
  Atomics.wait(sleeper, 0, 0, 1);
  const text = readFileSync('/proc/thread-self/schedstat', 'latin1');
  return BigInt(text.slice(0, text.indexOf(' ')));
}

/** What a reading costs (the sleep's entry, the file read), measured back to back; subtracted from ours. */
function threadReadingCostMs(): number {
  const costs = Array.from({ length: 101 }, () => {
    const t0 = threadCpuNs();
    return ms(threadCpuNs() - t0);
  });
  return median(costs);
}

function processCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

async function timeOurs(bytes: Uint8Array, dpi: number, readingCost: number): Promise<Timing & { minutiae: number }> {
  const thread0 = threadCpuNs();
  const process0 = processCpuMs();
  const image = await decodeFingerprintImage(bytes, { dpi });
  const process1 = processCpuMs();
  const thread1 = threadCpuNs();
  const process2 = processCpuMs();
  const template = extractTemplate(image);
  const process3 = processCpuMs();
  const thread2 = threadCpuNs();
  return {
    decodeThread: ms(thread1 - thread0) - readingCost,
    decodeProcess: process1 - process0,
    extractThread: ms(thread2 - thread1) - readingCost,
    extractProcess: process3 - process2,
    minutiae: template.minutiae.length,
  };
}

/** The JVM behind ExtractTiming --serve: one request line out, one answer line back. */
class SourceAfis {
  private readonly child;
  private readonly lines: AsyncIterator<string>;

  constructor(jarDir: string, java: string) {
    const classpath = readFileSync(join(jarDir, 'classpath.txt'), 'utf8').trim();
    this.child = spawn(java, ['-cp', classpath, 'ExtractTiming', '--serve'], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.lines = createInterface({ input: this.child.stdout })[Symbol.asyncIterator]();
  }

  async time(path: string, dpi: number): Promise<Timing & { templateBytes: number }> {
    this.child.stdin.write(`${dpi}\t${path}\n`);
    const answer = await this.lines.next();
    if (answer.done) throw new Error('SourceAFIS (ExtractTiming) terminó antes de responder');
    const [decodeThread, decodeProcess, extractThread, extractProcess, templateBytes] = answer.value.split(' ').map(Number);
    return {
      decodeThread: decodeThread / 1e6,
      decodeProcess: decodeProcess / 1e6,
      extractThread: extractThread / 1e6,
      extractProcess: extractProcess / 1e6,
      templateBytes,
    };
  }

  close(): void {
    this.child.stdin.end();
  }
}


/** Per image the median of its rounds; then the median over images. */
function medianOfMedians(rounds: readonly Timing[][], key: keyof Timing): number {
  return median(rounds.map((timings) => median(timings.map((t) => t[key]))));
}

/**
 * Mean over every measured image and round. The JVM's process CPU time comes in 10 ms steps
 * (clock ticks), too coarse for one image, so process figures are read as a sum over the set.
 */
function mean(rounds: readonly Timing[][], key: keyof Timing): number {
  const all = rounds.flat();
  return all.reduce((sum, t) => sum + t[key], 0) / all.length;
}

async function runSet(set: Dataset, afis: SourceAfis, options: { limit: number; rounds: number; warmup: number }): Promise<string> {
  const images = set.images.slice(0, options.limit);
  const bytes = images.map((image) => new Uint8Array(readFileSync(image.path)));
  const load0 = loadavg()[0];
  const readingCost = threadReadingCostMs();
  for (let pass = 0; pass < options.warmup; pass++) {
    for (let n = 0; n < images.length; n++) {
      await timeOurs(bytes[n], set.dpi, readingCost);
      await afis.time(images[n].path, set.dpi);
    }
  }
  const ours: Timing[][] = images.map(() => []);
  const theirs: Timing[][] = images.map(() => []);
  let minutiae = 0;
  let templateBytes = 0;
  for (let round = 0; round < options.rounds; round++) {
    for (let n = 0; n < images.length; n++) {
      // Alternating who goes first cancels a bias from the other's leftovers (caches, a collection due).
      const oursFirst = (n + round) % 2 === 0;
      const before = oursFirst ? null : await afis.time(images[n].path, set.dpi);
      const own = await timeOurs(bytes[n], set.dpi, readingCost);
      const other = before ?? (await afis.time(images[n].path, set.dpi));
      ours[n].push(own);
      theirs[n].push(other);
      if (round === 0) {
        minutiae += own.minutiae;
        templateBytes += other.templateBytes;
      }
    }
  }
  const load1 = loadavg()[0];
  const ratioThread = median(
    images.map((_, n) => median(ours[n].map((t) => t.extractThread)) / median(theirs[n].map((t) => t.extractThread))),
  );
  const f = (x: number): string => x.toFixed(2);
  return (
    `| ${set.name} | ${set.dpi} | ${images.length} | ${f(medianOfMedians(ours, 'decodeProcess'))} | ${f(medianOfMedians(theirs, 'decodeThread'))} ` +
    `| ${f(medianOfMedians(ours, 'extractThread'))} | ${f(medianOfMedians(theirs, 'extractThread'))} | ${ratioThread.toFixed(3)} ` +
    `| ${f(mean(ours, 'extractProcess'))} | ${f(mean(theirs, 'extractProcess'))} | ${(mean(ours, 'extractProcess') / mean(theirs, 'extractProcess')).toFixed(3)} ` +
    `| ${(minutiae / images.length).toFixed(1)} | ${(templateBytes / images.length).toFixed(0)} | ${f(readingCost)} | ${load0.toFixed(1)}–${load1.toFixed(1)} |`
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dataset: { type: 'string' },
      dpi: { type: 'string' },
      'jar-dir': { type: 'string' },
      limit: { type: 'string', default: '80' },
      rounds: { type: 'string', default: '3' },
      warmup: { type: 'string', default: '1' },
      java: { type: 'string', default: 'java' },
    },
  });
  if (!values.dataset || !values['jar-dir']) throw new Error(USAGE);
  const dpi = values.dpi ? Number(values.dpi) : 500;
  if (!(dpi > 0)) throw new Error(`--dpi inválido: ${values.dpi}`);
  const sets = discoverDatasets(values.dataset, dpi, values.dpi !== undefined);
  if (sets.length === 0) throw new Error(`No hay imágenes <dedo>_<impresión> en ${values.dataset}`);

  console.log(
    '| conjunto | dpi | imágenes | nuestra decodificación, CPU proceso p50 ms | SourceAFIS decodificación, CPU hilo p50 ms ' +
      '| nuestra extracción, CPU hilo p50 ms | SourceAFIS extracción, CPU hilo p50 ms | razón hilo (p50 por imagen) ' +
      '| nuestra extracción, CPU proceso media ms | SourceAFIS extracción, CPU proceso media ms | razón proceso ' +
      '| nuestras minucias | bytes plantilla SourceAFIS | costo de lectura restado ms | carga 1 min |',
  );
  console.log('|' + ' --- |'.repeat(15));
  const afis = new SourceAfis(values['jar-dir'], values.java);
  try {
    for (const set of sets) {
      console.log(await runSet(set, afis, { limit: Number(values.limit), rounds: Number(values.rounds), warmup: Number(values.warmup) }));
    }
  } finally {
    afis.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
