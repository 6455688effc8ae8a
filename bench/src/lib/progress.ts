import cliProgress from 'cli-progress';

/**
 * A progress bar on stderr (stdout stays clean for the summary lines). When stderr is not a
 * terminal (CI logs, redirected output) it prints one plain line per tenth instead of redraws.
 */
export interface Progress {
  tick(amount?: number): void;
  stop(): void;
}

export function startProgress(label: string, total: number): Progress {
  if (!process.stderr.isTTY) return plainProgress(label, total);
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total} | ETA {eta_formatted}`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return {
    tick: (amount = 1) => bar.increment(amount),
    stop: () => bar.stop(),
  };
}

function plainProgress(label: string, total: number): Progress {
  let done = 0;
  let lastTenth = 0;
  return {
    tick: (amount = 1) => {
      done += amount;
      const tenth = Math.floor((done / Math.max(1, total)) * 10);
      if (tenth > lastTenth) {
        lastTenth = tenth;
        process.stderr.write(`${label}: ${done}/${total}\n`);
      }
    },
    stop: () => undefined,
  };
}
