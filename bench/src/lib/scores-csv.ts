import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

/** One comparison of a benchmark, as written to `scores.csv`. */
export interface ScoreRow {
  probe: string;
  candidate: string;
  genuine: boolean;
  score: number;
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Streams `probe,candidate,genuine,score` lines to a file, so a benchmark with millions of
 * comparisons never holds the whole CSV text in memory. Respects back-pressure.
 */
export class ScoresCsvWriter {
  private readonly stream: WriteStream;

  constructor(path: string) {
    this.stream = createWriteStream(path, { encoding: 'utf8' });
    this.stream.write('probe,candidate,genuine,score\n');
  }

  async write(row: ScoreRow): Promise<void> {
    const line = `${csvField(row.probe)},${csvField(row.candidate)},${row.genuine ? 1 : 0},${row.score}\n`;
    if (!this.stream.write(line)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    this.stream.end();
    await once(this.stream, 'finish');
  }
}
