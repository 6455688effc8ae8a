/**
 * The postings' storage: each code's list of (entry, direction bin), sorted by entry, Elias–Fano
 * coded. A list of L entries below U (the shard's indexed entries) keeps, per element, a field of
 * `low + 5` bits, packed LSB first: the entry's `low` lowest bits above its 5-bit direction bin;
 * then a bit vector of L + (U >> low) bits where element k sets bit (entry >> low) + k. With
 * low = ⌊log2(U / L)⌋ an element costs about 2 + log2(U / L) + 5 bits instead of the 24 of a plain 3-byte posting: the common codes, whose
 * long lists hold most postings, cost the least. Measured on a 500,000-entry shard of the 1 M
 * pack: 0.59 of the 3-byte postings (bench/logs/gallery-memory.md, session 14).
 *
 * The compiled walk (assembly/gallery/postings.ts) decodes the same layout; this module lays it
 * out, writes it, and reads it back for the checks of a pack and for taking codes back.
 */
import { DIRECTION_SHIFT } from './parameters.ts';

const DIRECTION_MASK = (1 << DIRECTION_SHIFT) - 1;

/** Low bits per element of a list of `length` entries below `universe`. */
export function lowBits(length: number, universe: number): number {
  if (length === 0 || universe <= length) return 0;
  return 31 - Math.clz32(Math.floor(universe / length));
}

/** Bytes of a list's fields, where its high bit vector starts. */
function fieldBytes(length: number, low: number): number {
  return Math.ceil((length * (low + DIRECTION_SHIFT)) / 8);
}

/** Bytes of one list: its fields, then its high bit vector, each rounded up to a byte. */
export function listBytes(length: number, universe: number): number {
  if (length === 0) return 0;
  const low = lowBits(length, universe);
  return fieldBytes(length, low) + Math.ceil((length + Math.floor(universe / 2 ** low)) / 8);
}

/**
 * Each code's byte offset (the running sum of listBytes; one more than codes, the last one the
 * end) from the counts table `start`, and the total. Offsets are 32-bit, as the kernel's memory
 * is: `total` above 2^32 − 1 means the lists cannot be held (the offsets are then meaningless).
 */
export function listLayout(start: Uint32Array, universe: number): { offsets: Uint32Array; total: number } {
  const codes = start.length - 1;
  const offsets = new Uint32Array(codes + 1);
  let total = 0;
  for (let c = 0; c < codes; c++) {
    total += listBytes(start[c + 1] - start[c], universe);
    offsets[c + 1] = total;
  }
  return { offsets, total };
}

/**
 * Writes element k of a list at byte `at` (of `length` elements, `low` low bits): its field, and
 * its bit in the high vector. `bytes` must be zero where the list lies before its first write.
 */
export function writeElement(bytes: Uint8Array, at: number, length: number, low: number, k: number, entry: number, direction: number): void {
  const width = low + DIRECTION_SHIFT;
  const field = (entry % 2 ** low) * (DIRECTION_MASK + 1) + direction;
  const bit = k * width;
  let byte = at + Math.floor(bit / 8);
  let value = field * 2 ** (bit % 8);
  while (value > 0) {
    bytes[byte++] |= value % 256;
    value = Math.floor(value / 256);
  }
  const high = Math.floor(entry / 2 ** low) + k;
  bytes[at + fieldBytes(length, low) + Math.floor(high / 8)] |= 1 << high % 8;
}

/**
 * Calls `visit(entry, direction)` for each element of the list at byte `at`, in order. Returns
 * false, having stopped, if the list is not what its layout promises: a high vector without
 * `length` set bits in its own bytes, or with set bits beyond them, or entries not ascending or
 * not below `universe` — a damaged pack, which must not vote for entries that do not exist.
 */
export function readList(
  bytes: Uint8Array,
  at: number,
  length: number,
  universe: number,
  visit: (entry: number, direction: number) => void,
): boolean {
  if (length === 0) return true;
  const low = lowBits(length, universe);
  const width = low + DIRECTION_SHIFT;
  const highAt = at + fieldBytes(length, low);
  const highEnd = at + listBytes(length, universe);
  const lowScale = 2 ** low;
  let h = 0;
  let previous = -1;
  for (let k = 0; k < length; k++) {
    // The next set bit at or after h.
    for (;;) {
      const byte = highAt + (h >>> 3);
      if (byte >= highEnd) return false;
      const rest = bytes[byte] >>> (h & 7);
      if (rest !== 0) {
        h += 31 - Math.clz32(rest & -rest);
        break;
      }
      h = (h | 7) + 1;
    }
    const bit = k * width;
    const first = at + Math.floor(bit / 8);
    let field = 0;
    if (width <= 24) {
      // Four bytes hold the field (bytes past the array read as 0, past the list are masked off).
      const word = bytes[first] | (bytes[first + 1] << 8) | (bytes[first + 2] << 16) | (bytes[first + 3] << 24);
      field = (word >>> (bit % 8)) & ((1 << width) - 1);
    } else {
      for (let b = Math.ceil((width + (bit % 8)) / 8) - 1; b >= 0; b--) field = field * 256 + (bytes[first + b] ?? 0);
      field = Math.floor(field / 2 ** (bit % 8)) % 2 ** width;
    }
    const entry = (h - k) * lowScale + Math.floor(field / (DIRECTION_MASK + 1));
    if (entry < previous || entry >= universe) return false;
    previous = entry;
    visit(entry, field & DIRECTION_MASK);
    h++;
  }
  // No set bit after the last element's, up to the end of the list's bytes.
  const byte = highAt + (h >>> 3);
  if (byte < highEnd && bytes[byte] >>> (h & 7) !== 0) return false;
  for (let b = byte + 1; b < highEnd; b++) if (bytes[b] !== 0) return false;
  return true;
}
