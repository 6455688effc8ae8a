/**
 * In-memory 1:N gallery. Embeddings are L2-normalised and stored back to back in one
 * Float32Array, so a search is one pass of dot products over contiguous memory (cosine
 * similarity = dot product of unit vectors). Removal swaps the last row into the hole: O(dims).
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

  has(id: string): boolean {
    return this.rowOf.has(id);
  }

  /** Adds or replaces the embedding of `id` (stored normalised). */
  add(id: string, embedding: ArrayLike<number>): void {
    if (embedding.length !== this.dims) throw new RangeError(`embedding has ${embedding.length} values, gallery expects ${this.dims}`);
    let row = this.rowOf.get(id);
    if (row === undefined) {
      row = this.ids.length;
      if ((row + 1) * this.dims > this.data.length) {
        const grown = new Float32Array(this.data.length * 2);
        grown.set(this.data);
        this.data = grown;
      }
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
    const q = new Float32Array(this.dims);
    let norm = 0;
    for (let i = 0; i < this.dims; i++) norm += probe[i] * probe[i];
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let i = 0; i < this.dims; i++) q[i] = probe[i] * inv;
    // A small sorted buffer beats a heap for the k ≤ ~20 that callers ask for.
    const top: GalleryHit[] = [];
    const n = this.ids.length, d = this.dims, data = this.data;
    for (let r = 0; r < n; r++) {
      let s = 0;
      const base = r * d;
      for (let i = 0; i < d; i++) s += data[base + i] * q[i];
      if (s < minScore || (top.length === k && s <= top[k - 1].score)) continue;
      let at = top.length;
      while (at > 0 && top[at - 1].score < s) at--;
      top.splice(at, 0, { id: this.ids[r], score: s });
      if (top.length > k) top.pop();
    }
    return top;
  }
}
