import { wsqCorrupt } from './errors.ts';
import type { ByteReader, ByteWriter } from './markers.ts';

/** Longest Huffman code WSQ (like JPEG) allows. */
export const MAX_CODE_LENGTH = 16;
/** A table may hold at most 256 symbols (a symbol is a byte). */
const MAX_SYMBOLS = 256;
/** Table ids a block header may name (the specification's DHT id range). */
export const MAX_TABLE_ID = 7;

/**
 * A Huffman table as WSQ transmits it (the JPEG "BITS/HUFFVAL" form): how many codes have each
 * length 1–16, then the symbols in order of increasing code length. Codes are canonical.
 */
export interface HuffmanTable {
  /** counts[L - 1] = number of codes of length L. */
  readonly counts: Uint8Array;
  readonly symbols: Uint8Array;
}

/**
 * The symbol alphabet of the WSQ entropy coder (IAFIS-IC-0110): zero runs of 1–100 are symbols
 * 1–100; 101/102 escape a positive/negative coefficient in the next 8 bits, 103/104 in the next
 * 16; 105/106 escape a zero run in the next 8/16 bits; coefficients −73…74 are symbol value+180.
 */
export const Symbol = {
  MAX_RUN: 100,
  POSITIVE_8: 101,
  NEGATIVE_8: 102,
  POSITIVE_16: 103,
  NEGATIVE_16: 104,
  RUN_8: 105,
  RUN_16: 106,
  COEFFICIENT_OFFSET: 180,
  MIN_TABLE_COEFFICIENT: -73,
  MAX_TABLE_COEFFICIENT: 74,
} as const;

// ── Table (de)serialisation ───────────────────────────────────────────────────────────────────

/** Reads every table of one DHT segment (a segment may define several). */
export function readHuffmanTables(segment: ByteReader, into: Map<number, HuffmanTable>): void {
  do {
    const id = segment.u8();
    if (id > MAX_TABLE_ID) throw wsqCorrupt('Huffman table id out of range', { id });
    const counts = segment.take(MAX_CODE_LENGTH).slice();
    const total = counts.reduce((sum, c) => sum + c, 0);
    if (total > MAX_SYMBOLS) throw wsqCorrupt('Huffman table lists too many codes', { id, total });
    const table = { counts, symbols: segment.take(total).slice() };
    canonicalCodes(table); // rejects an over-full table now rather than mid-image
    into.set(id, table);
  } while (segment.remaining > 0);
}

export function writeHuffmanTable(writer: ByteWriter, id: number, table: HuffmanTable): void {
  writer.u8(id);
  writer.bytes(table.counts);
  writer.bytes(table.symbols);
}

/** Canonical code of each symbol position (JPEG Annex C): consecutive integers per length. */
function canonicalCodes(table: HuffmanTable): { codes: Uint32Array; lengths: Uint8Array } {
  const codes = new Uint32Array(table.symbols.length);
  const lengths = new Uint8Array(table.symbols.length);
  let code = 0;
  let k = 0;
  for (let length = 1; length <= MAX_CODE_LENGTH; length++) {
    for (let i = 0; i < table.counts[length - 1]; i++) {
      if (code >= 2 ** length) throw wsqCorrupt('Huffman table is over-subscribed', { length });
      codes[k] = code++;
      lengths[k++] = length;
    }
    code <<= 1;
  }
  return { codes, lengths };
}

// ── Building a table from symbol frequencies (encoder) ────────────────────────────────────────

/**
 * An optimal table for `frequencies` (indexed by symbol), limited to 16-bit codes, in which no
 * code is all ones: as in JPEG Annex K.2, a reserved pseudo-symbol of frequency 1 takes the
 * longest code and is then removed, so the all-ones code never appears and block padding (1 bits)
 * can never be read as a symbol.
 */
export function buildHuffmanTable(frequencies: ArrayLike<number>): HuffmanTable {
  const used: number[] = [];
  for (let s = 0; s < MAX_SYMBOLS; s++) if ((frequencies[s] ?? 0) > 0) used.push(s);
  if (used.length === 0) used.push(1); // an empty block still needs a well-formed table
  const reserved = MAX_SYMBOLS;
  const weights = new Map<number, number>(used.map((s) => [s, frequencies[s] || 1]));
  weights.set(reserved, 1);
  const lengths = huffmanLengths(weights);
  const perLength = new Array<number>(2 * MAX_SYMBOLS + 2).fill(0);
  for (const length of lengths.values()) perLength[length]++;
  limitLengths(perLength);
  // Remove the reserved symbol from the longest length present.
  let longest = perLength.length - 1;
  while (perLength[longest] === 0) longest--;
  perLength[longest]--;
  // Symbols by (unlimited length, symbol), then handed the limited lengths in that order.
  const ordered = used.slice().sort((a, b) => lengths.get(a)! - lengths.get(b)! || a - b);
  const counts = new Uint8Array(MAX_CODE_LENGTH);
  for (let length = 1; length <= MAX_CODE_LENGTH; length++) counts[length - 1] = perLength[length];
  return { counts, symbols: Uint8Array.from(ordered) };
}

/** Code length of each symbol in an (unlimited) Huffman tree of `weights`. */
function huffmanLengths(weights: Map<number, number>): Map<number, number> {
  interface Node {
    weight: number;
    symbols: number[];
  }
  const lengths = new Map<number, number>();
  let nodes: Node[] = [...weights].map(([symbol, weight]) => ({ weight, symbols: [symbol] }));
  for (const node of nodes) lengths.set(node.symbols[0], 0);
  // ≤ 257 symbols: a sorted array is simpler than a heap and fast enough.
  while (nodes.length > 1) {
    nodes.sort((a, b) => a.weight - b.weight || b.symbols[0] - a.symbols[0]);
    const [a, b] = nodes;
    for (const s of a.symbols) lengths.set(s, lengths.get(s)! + 1);
    for (const s of b.symbols) lengths.set(s, lengths.get(s)! + 1);
    nodes = [{ weight: a.weight + b.weight, symbols: a.symbols.concat(b.symbols) }, ...nodes.slice(2)];
  }
  return lengths;
}

/**
 * JPEG Annex K.3 (Adjust_BITS): moves codes longer than 16 bits up the tree, keeping the code
 * set complete, by pairing a too-long code with a shorter one.
 */
function limitLengths(perLength: number[]): void {
  for (let i = perLength.length - 1; i > MAX_CODE_LENGTH; i--) {
    while (perLength[i] > 0) {
      let j = i - 2;
      while (perLength[j] === 0) j--;
      perLength[i] -= 2;
      perLength[i - 1] += 1;
      perLength[j + 1] += 2;
      perLength[j] -= 1;
    }
  }
}

// ── Entropy-coded data ────────────────────────────────────────────────────────────────────────

/** MSB-first bit writer with the JPEG/WSQ byte stuffing (0xFF is followed by 0x00). */
export class BitWriter {
  private current = 0;
  private filled = 0;
  constructor(private readonly out: ByteWriter) {}

  write(value: number, bits: number): void {
    for (let i = bits - 1; i >= 0; i--) {
      this.current = (this.current << 1) | ((value >>> i) & 1);
      if (++this.filled === 8) this.emit();
    }
  }

  /** Pads the last byte with 1 bits (never a complete code, see buildHuffmanTable). */
  flush(): void {
    while (this.filled !== 0) {
      this.current = (this.current << 1) | 1;
      if (++this.filled === 8) this.emit();
    }
  }

  private emit(): void {
    this.out.u8(this.current);
    if (this.current === 0xff) this.out.u8(0);
    this.current = 0;
    this.filled = 0;
  }
}

export class HuffmanEncoder {
  private readonly codes = new Uint32Array(MAX_SYMBOLS);
  private readonly lengths = new Uint8Array(MAX_SYMBOLS);
  constructor(table: HuffmanTable) {
    const { codes, lengths } = canonicalCodes(table);
    table.symbols.forEach((symbol, i) => {
      this.codes[symbol] = codes[i];
      this.lengths[symbol] = lengths[i];
    });
  }

  write(bits: BitWriter, symbol: number): void {
    const length = this.lengths[symbol];
    if (length === 0) throw new RangeError(`WSQ symbol ${symbol} has no code in this table`);
    bits.write(this.codes[symbol], length);
  }
}

/**
 * Reads entropy-coded bits until a marker. A marker (0xFF then anything but 0x00) met while a
 * code is being read ends the block — the bits read so far were padding; met inside the raw bits
 * that follow an escape symbol, it means the data is cut short.
 */
export class BitReader {
  private current = 0;
  private left = 0;
  /** The marker that ended the data, once reached. */
  marker: number | undefined;

  constructor(
    private readonly bytes: Uint8Array,
    public position: number,
  ) {}

  /** The next bit, or -1 if a marker was reached (only when `markerAllowed`). */
  bit(markerAllowed: boolean): number {
    if (this.left === 0) {
      const bytes = this.bytes;
      if (this.position >= bytes.length) throw wsqCorrupt('truncated inside compressed data');
      const byte = bytes[this.position++];
      if (byte === 0xff) {
        if (this.position >= bytes.length) throw wsqCorrupt('truncated inside compressed data');
        const next = bytes[this.position++];
        if (next !== 0) {
          if (!markerAllowed) throw wsqCorrupt('marker inside an escaped value', { marker: 0xff00 | next });
          this.marker = 0xff00 | next;
          return -1;
        }
      }
      this.current = byte;
      this.left = 8;
    }
    this.left--;
    return (this.current >>> this.left) & 1;
  }

  bits(count: number): number {
    let value = 0;
    for (let i = 0; i < count; i++) value = (value << 1) | this.bit(false);
    return value;
  }
}

export class HuffmanDecoder {
  private readonly maxCode = new Int32Array(MAX_CODE_LENGTH + 1).fill(-1);
  private readonly minCode = new Int32Array(MAX_CODE_LENGTH + 1);
  private readonly firstIndex = new Int32Array(MAX_CODE_LENGTH + 1);
  constructor(private readonly table: HuffmanTable) {
    const { codes } = canonicalCodes(table);
    let k = 0;
    for (let length = 1; length <= MAX_CODE_LENGTH; length++) {
      const count = table.counts[length - 1];
      if (count === 0) continue;
      this.firstIndex[length] = k;
      this.minCode[length] = codes[k];
      this.maxCode[length] = codes[k + count - 1];
      k += count;
    }
  }

  /** The next symbol, or -1 when the block's data ends at a marker. */
  read(bits: BitReader): number {
    let code = 0;
    for (let length = 1; length <= MAX_CODE_LENGTH; length++) {
      const bit = bits.bit(true);
      if (bit < 0) return -1;
      code = (code << 1) | bit;
      if (this.maxCode[length] >= 0 && code <= this.maxCode[length] && code >= this.minCode[length]) {
        return this.table.symbols[this.firstIndex[length] + code - this.minCode[length]];
      }
    }
    throw wsqCorrupt('invalid Huffman code');
  }
}
