import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { limitPerIdentity, listDataset, makePairs } from './dataset.ts';

function fakeDataset(layout: Record<string, number>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'faces-'));
  for (const [id, n] of Object.entries(layout)) {
    mkdirSync(path.join(root, id));
    for (let i = 0; i < n; i++) writeFileSync(path.join(root, id, `${id}_${i}.jpg`), '');
  }
  return root;
}

describe('face benchmark dataset helpers', () => {
  it('reads identities from folder names, or from labels.csv when present', () => {
    const root = fakeDataset({ ann: 2, bob: 3 });
    expect(listDataset(root).map((i) => i.identity)).toEqual(['ann', 'ann', 'bob', 'bob', 'bob']);
    writeFileSync(path.join(root, 'labels.csv'), 'file,identity\nann/ann_0.jpg,X\nbob/bob_0.jpg,X\nbob/bob_1.jpg,Y\n');
    expect(listDataset(root)).toEqual([
      { file: 'ann/ann_0.jpg', identity: 'X' },
      { file: 'bob/bob_0.jpg', identity: 'X' },
      { file: 'bob/bob_1.jpg', identity: 'Y' },
    ]);
  });

  it('limits images per identity with a seed and drops identities left with one image', () => {
    const items = listDataset(fakeDataset({ a: 10, b: 1, c: 3 }));
    const lim = limitPerIdentity(items, 4, 7);
    expect(lim.filter((i) => i.identity === 'a')).toHaveLength(4);
    expect(lim.filter((i) => i.identity === 'b')).toHaveLength(0);
    expect(lim.filter((i) => i.identity === 'c')).toHaveLength(3);
    expect(limitPerIdentity(items, 4, 7)).toEqual(lim);
  });

  it('makes every genuine pair and every impostor pair, or a seeded sample of distinct impostors', () => {
    const items = listDataset(fakeDataset({ a: 3, b: 2, c: 2 }));
    const all = makePairs(items, 1000, 1);
    expect(all.sampled).toBe(false);
    expect(all.pairs.filter((p) => p.genuine)).toHaveLength(3 + 1 + 1);
    expect(all.pairs.filter((p) => !p.genuine)).toHaveLength(21 - 5);
    const some = makePairs(items, 6, 1);
    expect(some.sampled).toBe(true);
    const imp = some.pairs.filter((p) => !p.genuine);
    expect(imp).toHaveLength(6);
    expect(new Set(imp.map((p) => `${p.a},${p.b}`)).size).toBe(6);
    for (const p of imp) expect(items[p.a].identity).not.toBe(items[p.b].identity);
    expect(makePairs(items, 6, 1).pairs).toEqual(some.pairs);
  });
});
