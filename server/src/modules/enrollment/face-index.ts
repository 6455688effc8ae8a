import { FaceGallery } from '@siap/biometrics/face';
import type { FaceTemplate } from '../readers/face.ts';

/**
 * The server's face 1:N index: one exact FaceGallery (contiguous Float32Array, 1 M faces ≈ 512 MB
 * and ≈ 0.17 s of one core per search: `npm run bench:face-gallery`) per embedding model, because
 * templates of different models never compare. A person has at most one face, in one model.
 */
export class FaceIndex {
  private readonly byModel = new Map<string, FaceGallery>();
  private readonly modelOf = new Map<string, string>();

  get size(): number {
    return this.modelOf.size;
  }

  /** Faces a probe of `model` is compared with: the N of its 1:N operating point. */
  sizeOf(model: string): number {
    return this.byModel.get(model)?.size ?? 0;
  }

  /** Replaces the whole index; sizes each model's buffer once instead of doubling it up to N. */
  load(subjects: Iterable<{ personId: string; face: FaceTemplate | null }>): void {
    this.clear();
    const withFace = [...subjects].filter((s): s is { personId: string; face: FaceTemplate } => s.face !== null);
    const perModel = new Map<string, number>();
    for (const s of withFace) perModel.set(s.face.model, (perModel.get(s.face.model) ?? 0) + 1);
    for (const s of withFace) {
      this.galleryFor(s.face, perModel.get(s.face.model)).add(s.personId, s.face.embedding);
      this.modelOf.set(s.personId, s.face.model);
    }
  }

  /** Puts the person's face in the index (replacing the previous one), or takes it out when null. */
  set(personId: string, face: FaceTemplate | null): void {
    const previous = this.modelOf.get(personId);
    if (previous !== undefined && previous !== face?.model) this.delete(personId);
    if (!face) return;
    this.galleryFor(face).add(personId, face.embedding);
    this.modelOf.set(personId, face.model);
  }

  delete(personId: string): void {
    const model = this.modelOf.get(personId);
    if (model === undefined) return;
    this.byModel.get(model)?.remove(personId);
    this.modelOf.delete(personId);
  }

  clear(): void {
    this.byModel.clear();
    this.modelOf.clear();
  }

  /** The `maxCandidates` most similar faces of the probe's model scoring ≥ `minScore`, best first. */
  search(probe: FaceTemplate, maxCandidates: number, minScore: number): Array<{ personId: string; score: number }> {
    const gallery = this.byModel.get(probe.model);
    // An empty gallery answers nothing whatever the probe's width, as the linear scan did.
    if (!gallery || gallery.size === 0) return [];
    return gallery.search(probe.embedding, maxCandidates, minScore).map((h) => ({ personId: h.id, score: h.score }));
  }

  private galleryFor(face: FaceTemplate, expected?: number): FaceGallery {
    let gallery = this.byModel.get(face.model);
    if (!gallery) {
      gallery = new FaceGallery(face.embedding.length, expected);
      this.byModel.set(face.model, gallery);
    }
    return gallery;
  }
}
