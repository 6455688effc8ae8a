/**
 * How unevenly a packed shard's index codes are shared (issue 18, item 4: the postings walk at 1 M).
 * Reads one shard file of a pack written by `bench:gallery --pack DIR` and prints the posting-list
 * lengths per code: a probe code is drawn about as the enrolled codes are, so the postings it
 * walks are the size-biased mean Σ len² / Σ len, not the plain mean. Then, for the most shared
 * codes, their share of the postings (memory) and of that walk (search time): what a stop list
 * of those codes would save, before anyone measures what it costs in missed mates.
 *
 *   npx tsx bench/src/gallery/posting-skew.ts PACK_DIR [SHARD_INDEX]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readShardFile, type PackHeader } from '@siap/biometrics/gallery';

const [dir, shardArg] = process.argv.slice(2);
if (!dir) {
  console.error('Uso: npx tsx bench/src/gallery/posting-skew.ts PACK_DIR [SHARD_INDEX]');
  process.exit(2);
}
const header = JSON.parse(readFileSync(join(dir, 'header.json'), 'utf8')) as PackHeader;
const entry = header.shards[Number(shardArg ?? 0)]!;
const shard = await readShardFile(join(dir, entry.file), entry);
const start = shard.postingStart;
const codes = start.length - 1;
const lengths = new Float64Array(codes);
let total = 0;
let squares = 0;
let used = 0;
for (let code = 0; code < codes; code++) {
  const length = start[code + 1]! - start[code]!;
  lengths[code] = length;
  total += length;
  squares += length * length;
  if (length > 0) used++;
}
const uniform = total / codes;
const walked = squares / total;
console.log(`posting-skew entries=${shard.postingsUsed} postings=${total} per_finger=${(total / shard.postingsUsed).toFixed(0)} codes=${codes} codes_used=${used}`);
console.log(`posting-skew walk_per_probe_code=${walked.toFixed(0)} uniform=${uniform.toFixed(1)} skew=${(walked / uniform).toFixed(1)}`);
const sorted = lengths.sort().reverse();
let postings = 0;
let walk = 0;
let next = 0;
const shares = [0.0001, 0.001, 0.003, 0.01, 0.03, 0.1];
for (let rank = 0; rank < codes && next < shares.length; rank++) {
  postings += sorted[rank]!;
  walk += sorted[rank]! ** 2;
  if (rank + 1 >= shares[next]! * codes) {
    console.log(`posting-skew top_codes=${(shares[next]! * 100).toFixed(2)}% min_length=${sorted[rank]} postings=${((100 * postings) / total).toFixed(1)}% walk=${((100 * walk) / squares).toFixed(1)}%`);
    next++;
  }
}
