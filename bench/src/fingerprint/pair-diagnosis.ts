/**
 * Why a comparison scored what it scored, beyond the matcher's own explanation: for each given
 * pair of images, the score, the roots the matcher tried (votes, and how many pairs each grows),
 * and the largest pairing that growing from *every* minutia pair could reach. When even that
 * brute-force pairing is no bigger than an impostor's, no choice or ranking of roots can rescue
 * the comparison: the minutiae themselves (position, direction) disagree beyond the tolerances.
 *
 *   npx tsx bench/src/fingerprint/pair-diagnosis.ts --dataset DIR/SET --dpi N [--cache DIR] 109_1:109_8 103_1:109_1 …
 *
 * Pairs name images by file stem (`<finger>_<impression>`); templates come through the same
 * TemplateSource as the benchmark, so --cache reuses its templates.
 */
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { explainMatch, prepareProbe, prepareTemplate, type PreparedTemplate } from '@siap/biometrics/fingerprint';
import { createPairing, growPairing } from '../../../packages/biometrics/src/fingerprint/matcher/pairing.ts';
import { discoverDatasets } from './dataset.ts';
import { TemplateSource } from './extraction.ts';

const USAGE = 'Uso: npx tsx bench/src/fingerprint/pair-diagnosis.ts --dataset DIR --dpi N [--cache DIR] A:B [C:D …]';

/** The most pairs any root grows, over every (probe, candidate) minutia pair. */
function bruteForceLargestPairing(probe: PreparedTemplate, candidate: PreparedTemplate): number {
  const pairing = createPairing();
  let largest = 0;
  for (let p = 0; p < probe.count; p++) {
    for (let c = 0; c < candidate.count; c++) {
      growPairing(probe, candidate, p, c, pairing);
      if (pairing.count > largest) largest = pairing.count;
    }
  }
  return largest;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { dataset: { type: 'string' }, dpi: { type: 'string' }, cache: { type: 'string' } },
  });
  if (!values.dataset || !values.dpi || positionals.length === 0) throw new Error(USAGE);
  const [dataset] = discoverDatasets(values.dataset, Number(values.dpi), true);
  if (!dataset) throw new Error(`No hay imágenes <dedo>_<impresión> en ${values.dataset}`);
  const source = new TemplateSource(values.cache ?? null);
  const byStem = new Map(dataset.images.map((image) => [basename(image.file).replace(/\.[^.]+$/, ''), image]));
  const prepared = new Map<string, PreparedTemplate>();
  const load = async (stem: string): Promise<PreparedTemplate> => {
    const image = byStem.get(stem);
    if (!image) throw new Error(`No existe la imagen ${stem} en ${values.dataset}`);
    let template = prepared.get(stem);
    if (!template) {
      const { template: extracted } = await source.extract(dataset.name, image.file, image.path, dataset.dpi);
      template = prepareProbe(prepareTemplate(extracted));
      prepared.set(stem, template);
    }
    return template;
  };
  for (const pair of positionals) {
    const [a, b] = pair.split(':');
    if (!a || !b) throw new Error(USAGE);
    const probe = await load(a);
    const candidate = await load(b);
    const explanation = explainMatch(probe, candidate);
    const work = createPairing();
    const roots = explanation.roots.map((root, r) => {
      // explainMatch names minutiae by their original index; growth needs the prepared one.
      const p = probe.sourceIndex.indexOf(root.probe);
      const c = candidate.sourceIndex.indexOf(root.candidate);
      growPairing(probe, candidate, p, c, work);
      return `${root.votes}v→${work.count}${r === explanation.bestRoot ? '*' : ''}`;
    });
    console.log(
      `${a}:${b} minutiae ${probe.count}/${candidate.count} score ${explanation.score.toFixed(1)} ` +
        `paired ${explanation.pairs.length} roots [${roots.join(' ')}] brute-force largest pairing ${bruteForceLargestPairing(probe, candidate)}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
