/** Worker: synthetic master prints → impressions → extracted templates, one seed per message. */
import { parentPort } from 'node:worker_threads';
import { extractTemplate } from '@siap/biometrics/fingerprint';
import { generateImpression, generateMasterPrint, impressionSeed } from '@siap/biometrics/synth';
import { roundTemplate } from './template-json.ts';

export interface PoolJob {
  seed: number;
  impressions: number;
}

parentPort!.on('message', (job: PoolJob | null) => {
  if (job === null) return parentPort!.close();
  const master = generateMasterPrint(job.seed);
  const templates = [];
  for (let i = 0; i < job.impressions; i++) {
    try {
      templates.push(roundTemplate(extractTemplate(generateImpression(master, impressionSeed(job.seed, i)))));
    } catch {
      // An impression the extractor rejects (too little foreground) is simply not in the pool.
      templates.push(null);
    }
  }
  parentPort!.postMessage({ seed: job.seed, templates });
});
