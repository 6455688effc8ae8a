/**
 * In-memory 1:N gallery, exact. Embeddings are L2-normalised and stored back to back in one
 * Float32Array, so a search is one pass of dot products over contiguous memory (cosine
 * similarity = dot product of unit vectors). Removal swaps the last row into the hole: O(dims).
 *
 * Why exact and not an approximate-nearest-neighbour index: at 1,000,000 faces of 128 values
 * (512 MB) one search costs ≈ 100–170 ms of one core's CPU (`npm run bench:face-gallery`; figures
 * in README.md "1:N search at scale"), inside the 1 s budget of issue 18, with recall
 * 100 % by construction and no index to build, tune or keep consistent on add/remove.
 * int8 rows were measured too: without SIMD in plain JS they were no faster than Float32.
 */
export interface GalleryHit {
  id: string;
  score: number;
}

export class FaceGallery {
  private data: Float32Array;
  private ids: string[] = [];
  private readonly rowOf = new Map<string, number>();

  constructor(
    readonly dims: number,
    initialCapacity = 1024,
  ) {
    if (!Number.isInteger(dims) || dims <= 0) throw new RangeError('dims must be a positive integer');
    this.data = new Float32Array(dims * Math.max(1, initialCapacity));
  }

  get size(): number {
    return this.ids.length;
  }

  /** Bytes held by the embedding rows (capacity, not only the rows in use). */
  get bytes(): number {
    return this.data.byteLength;
  }

  has(id: string): boolean {
    return this.rowOf.has(id);
  }

  /**
   * Makes room for `rows` embeddings at once: loading a large gallery row by row would double the
   * buffer repeatedly, briefly holding 1.5× the final size, and end with up to 2× the rows needed.
   */
  reserve(rows: number): void {
    if (rows * this.dims <= this.data.length) return;
    const grown = new Float32Array(rows * this.dims);
    grown.set(this.data.subarray(0, this.ids.length * this.dims));
    this.data = grown;
  }

  /** Adds or replaces the embedding of `id` (stored normalised). */
  add(id: string, embedding: ArrayLike<number>): void {
    if (embedding.length !== this.dims) throw new RangeError(`embedding has ${embedding.length} values, gallery expects ${this.dims}`);
    let row = this.rowOf.get(id);
    if (row === undefined) {
      row = this.ids.length;
      if ((row + 1) * this.dims > this.data.length) this.reserve(Math.max(1, row) * 2);
      this.ids.push(id);
      this.rowOf.set(id, row);
    }
    let norm = 0;
    for (let i = 0; i < this.dims; i++) norm += embedding[i] * embedding[i];
    const k = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    const base = row * this.dims;
    for (let i = 0; i < this.dims; i++) this.data[base + i] = embedding[i] * k;
  }

  remove(id: string): boolean {
    const row = this.rowOf.get(id);
    if (row === undefined) return false;
    const last = this.ids.length - 1;
    if (row !== last) {
      this.data.copyWithin(row * this.dims, last * this.dims, (last + 1) * this.dims);
      const moved = this.ids[last];
      this.ids[row] = moved;
      this.rowOf.set(moved, row);
    }
    this.ids.pop();
    this.rowOf.delete(id);
    return true;
  }

  /** The `k` most similar entries (cosine), best first; only those scoring ≥ `minScore`. */
  search(probe: ArrayLike<number>, k = 5, minScore = Number.NEGATIVE_INFINITY): GalleryHit[] {
    if (probe.length !== this.dims) throw new RangeError(`probe has ${probe.length} values, gallery expects ${this.dims}`);
    if (k <= 0) return [];
    const q = new Float32Array(this.dims);
    let norm = 0;
    for (let i = 0; i < this.dims; i++) norm += probe[i] * probe[i];
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let i = 0; i < this.dims; i++) q[i] = probe[i] * inv;
    // A small sorted buffer beats a heap for the k ≤ ~20 that callers ask for.
    const top: GalleryHit[] = [];
    const n = this.ids.length, d = this.dims, data = this.data;
    // Four independent accumulators let the CPU overlap the multiply-adds: 20–25 % less CPU
    // per search than one accumulator at 1 M × 128 (measured; V8 does not vectorise either).
    const d4 = d - (d % 4);
    for (let r = 0, base = 0; r < n; r++, base += d) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let i = 0; i < d4; i += 4) {
        const j = base + i;
        s0 += data[j] * q[i];
        s1 += data[j + 1] * q[i + 1];
        s2 += data[j + 2] * q[i + 2];
        s3 += data[j + 3] * q[i + 3];
      }
      for (let i = d4; i < d; i++) s0 += data[base + i] * q[i];
      const s = s0 + s1 + (s2 + s3);
      if (s < minScore || (top.length === k && s <= top[k - 1].score)) continue;
      let at = top.length;
      while (at > 0 && top[at - 1].score < s) at--;
      top.splice(at, 0, { id: this.ids[r], score: s });
      if (top.length > k) top.pop();
    }
    return top;
  }
}
