/** Entries' code lists laid out as the shard's code column stores them (codes, offsets, counts), for tests of the index. */
export function codeColumns(lists: Uint32Array[]): { codes: Uint32Array; codeOffset: Float64Array; codeCount: Uint32Array } {
  const codeOffset = new Float64Array(lists.length);
  const codeCount = new Uint32Array(lists.length);
  let total = 0;
  lists.forEach((l, i) => {
    codeOffset[i] = total;
    codeCount[i] = l.length;
    total += l.length;
  });
  const codes = new Uint32Array(total);
  lists.forEach((l, i) => codes.set(l, codeOffset[i]));
  return { codes, codeOffset, codeCount };
}
