import { describe, expect, it } from 'vitest';
import { comparisons, type DatasetImage } from './dataset.ts';

function grid(fingers: number, impressions: number): DatasetImage[] {
  const images: DatasetImage[] = [];
  for (let f = 1; f <= fingers; f++) {
    for (let i = 1; i <= impressions; i++) images.push({ file: `${f}_${i}.tif`, path: '', finger: String(f), impression: i });
  }
  return images;
}

describe('benchmark protocols', () => {
  it('fvc: 28 genuine per finger of 8 impressions, one impostor per pair of fingers', () => {
    const list = comparisons(grid(10, 8), 'fvc');
    expect(list.filter((c) => c.genuine)).toHaveLength(280);
    expect(list.filter((c) => !c.genuine)).toHaveLength(45);
  });

  it('all: every unordered pair, genuine when the finger is the same', () => {
    const list = comparisons(grid(10, 8), 'all');
    expect(list).toHaveLength((80 * 79) / 2);
    expect(list.filter((c) => !c.genuine)).toHaveLength(2880);
  });
});
