import { FingerprintGallery, type Candidate, type GalleryRecord, type SearchProbe } from '@siap/biometrics/gallery';
import { NatsGallery } from '@siap/gallery-nats';
import type { FingerPosition } from '@siap/biometrics/fingerprint';
import type { FaceTemplate } from '../readers/face.ts';
import { FaceIndex } from './face-index.ts';

export interface GallerySubject {
  personId: string;
  fingers: Array<{ position: number; template: Uint8Array }>;
  face: FaceTemplate | null;
}

/** The operations the server needs of a fingerprint gallery: embedded (threads) or over NATS. */
type FingerGallery = Pick<FingerprintGallery, 'add' | 'removeSubject' | 'search' | 'size' | 'stats' | 'load'> & { close(): Promise<unknown> };

/** Loads every subject that belongs in the gallery (decrypting, and auditing the bulk read). */
export type GalleryLoader = () => Promise<GallerySubject[]>;

/**
 * The 1:N gallery of the server: the library's sharded FingerprintGallery (worker threads) for
 * fingers, and an exact in-memory index of face embeddings (face-index.ts: one contiguous scan,
 * ≈ 0.17 s of one core per search at 1 M faces). Loaded from the database on first use — the
 * database is the truth; after a crash the gallery is simply rebuilt from it — and updated after
 * each committed enrollment or adjudication.
 */
export class BiometricGallery {
  private fingers: Promise<FingerGallery> | null = null;
  private readonly faces = new FaceIndex();

  constructor(
    private readonly load: GalleryLoader,
    private readonly shards: number,
    private readonly nats: { url: string; shards: number } | null = null,
  ) {}

  /** Starts the shards and loads the gallery if not done yet; returns the finger gallery. */
  ready(): Promise<FingerGallery> {
    if (!this.fingers) {
      this.fingers = this.open();
      this.fingers.catch(() => {
        this.fingers = null;
      });
    }
    return this.fingers;
  }

  get loaded(): boolean {
    return this.fingers !== null;
  }

  /**
   * Best subjects for the probe fingers, by fused calibrated score (@siap/biometrics/gallery
   * fusion.ts); `fingerFilter` compares each finger only with enrolled fingers of its position.
   */
  async searchFingers(probes: readonly SearchProbe[], options: { maxCandidates: number; fingerFilter?: boolean }): Promise<Candidate[]> {
    if (probes.length === 0) return [];
    const gallery = await this.ready();
    return gallery.search(probes, { maxCandidates: options.maxCandidates, minScore: 0, fingerFilter: options.fingerFilter ?? false });
  }

  /** People with at least one finger in the gallery: the N of the 1:N operating point. */
  async fingerSubjects(): Promise<number> {
    const gallery = await this.ready();
    return (await gallery.stats()).reduce((sum, s) => sum + s.subjects, 0);
  }

  /** Faces of `model` in the gallery (one per person): the N of the face 1:N operating point. */
  async faceSubjects(model: string): Promise<number> {
    await this.ready();
    return this.faces.sizeOf(model);
  }

  /** Best face matches, most similar first. */
  async searchFaces(probe: FaceTemplate, maxCandidates: number, minScore: number): Promise<Array<{ personId: string; score: number }>> {
    await this.ready();
    return this.faces.search(probe, maxCandidates, minScore);
  }

  /** Puts a subject's current templates in the gallery, replacing whatever it had before. */
  async replace(subject: GallerySubject): Promise<void> {
    const gallery = await this.ready();
    await gallery.removeSubject(subject.personId);
    if (subject.fingers.length) await gallery.add(records(subject));
    this.faces.set(subject.personId, subject.face);
  }

  async remove(personId: string): Promise<void> {
    const gallery = await this.ready();
    await gallery.removeSubject(personId);
    this.faces.delete(personId);
  }

  async size(): Promise<{ fingers: number; faces: number }> {
    const gallery = await this.ready();
    return { fingers: await gallery.size(), faces: this.faces.size };
  }

  async close(): Promise<void> {
    const pending = this.fingers;
    this.fingers = null;
    this.faces.clear();
    if (pending) await (await pending.catch(() => null))?.close();
  }

  private async open(): Promise<FingerGallery> {
    const gallery: FingerGallery = this.nats
      ? await NatsGallery.open({ natsUrl: this.nats.url, shards: this.nats.shards })
      : await FingerprintGallery.open({ shards: this.shards });
    try {
      const subjects = await this.load();
      // Over NATS the update stream outlives this process: fill it from the database (the truth)
      // only when it is empty, not again at every start.
      if (!this.nats || (await gallery.size()) === 0) await gallery.load(subjects.flatMap(records));
      this.faces.load(subjects);
      return gallery;
    } catch (error) {
      await gallery.close();
      throw error;
    }
  }
}

function records(subject: GallerySubject): GalleryRecord[] {
  return subject.fingers.map((f) => ({ subjectId: subject.personId, finger: f.position as FingerPosition, template: f.template }));
}
