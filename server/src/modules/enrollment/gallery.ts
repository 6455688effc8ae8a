import { BiometricError, ContentDigest, FingerprintGallery, type Candidate, type GalleryRecord, type SearchProbe } from '@siap/biometrics/gallery';
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

/** Where the embedded gallery persists its computed index, and the key it is encrypted under. */
export interface GalleryPack {
  directory: string;
  key: () => Uint8Array;
}

/** How the last open() filled the finger gallery (for logs and tests). */
export type GalleryLoadSource = 'pack' | 'templates' | 'nats';

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
  /** Fingers changed since the pack was read or written: close() writes it again. */
  private packStale = false;
  loadedFrom: GalleryLoadSource | null = null;

  constructor(
    private readonly load: GalleryLoader,
    private readonly shards: number,
    private readonly nats: { url: string; shards: number } | null = null,
    private readonly pack: GalleryPack | null = null,
    /** PrefilterOptions.enrolledCylinders of the embedded gallery (null: every cylinder). */
    private readonly enrolledCylinders: number | null = null,
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
    this.packStale = true;
    await gallery.removeSubject(subject.personId);
    if (subject.fingers.length) await gallery.add(records(subject));
    this.faces.set(subject.personId, subject.face);
  }

  async remove(personId: string): Promise<void> {
    const gallery = await this.ready();
    this.packStale = true;
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
    const gallery = pending ? await pending.catch(() => null) : null;
    if (gallery && this.pack && this.packStale && gallery instanceof FingerprintGallery) {
      // Enrollments since the start: the gallery holds what the database holds, so its pack makes
      // the next start warm. A failure here only costs that start a rebuild.
      await gallery.savePack(this.pack.directory, this.pack.key()).catch(() => undefined);
    }
    await gallery?.close();
  }

  private async fill(gallery: FingerprintGallery, all: GalleryRecord[]): Promise<GalleryLoadSource> {
    const source = await fillFrom(this.pack, gallery, all);
    this.packStale = false;
    return source;
  }

  private async open(): Promise<FingerGallery> {
    const gallery: FingerGallery = this.nats
      ? await NatsGallery.open({ natsUrl: this.nats.url, shards: this.nats.shards })
      : await FingerprintGallery.open({ shards: this.shards, prefilter: this.enrolledCylinders === null ? {} : { enrolledCylinders: this.enrolledCylinders } });
    try {
      const subjects = await this.load();
      if (this.nats) {
        // Over NATS the update stream outlives this process: fill it from the database (the truth)
        // only when it is empty, not again at every start.
        if ((await gallery.size()) === 0) await gallery.load(subjects.flatMap(records));
        this.loadedFrom = 'nats';
      } else {
        this.loadedFrom = await this.fill(gallery as FingerprintGallery, subjects.flatMap(records));
      }
      this.faces.load(subjects);
      return gallery;
    } catch (error) {
      await gallery.close();
      throw error;
    }
  }
}

/**
 * The embedded gallery from its pack when that pack holds exactly these records (content digest),
 * else from the templates, packing the result for the next start. Computing every finger's
 * cylinders is ≈ 10 ms of CPU each; reading them back is a file read and a checksum.
 */
async function fillFrom(pack: GalleryPack | null, gallery: FingerprintGallery, all: GalleryRecord[]): Promise<'pack' | 'templates'> {
  if (!pack) {
    await gallery.load(all);
    return 'templates';
  }
  const digest = new ContentDigest();
  for (const r of all) digest.add(r.subjectId, r.finger, r.template);
  try {
    await gallery.loadPack(pack.directory, digest.toString(), pack.key());
    return 'pack';
  } catch (error) {
    // Missing, stale or damaged: the database is the truth, the pack only a cache of it.
    if (!(error instanceof BiometricError) || !error.code.startsWith('GALLERY_PACK_')) throw error;
  }
  await gallery.load(all);
  // A pack that cannot be written (read-only or full disk) costs the next start a rebuild, not this one its gallery.
  await gallery.savePack(pack.directory, pack.key()).catch(() => undefined);
  return 'templates';
}

function records(subject: GallerySubject): GalleryRecord[] {
  return subject.fingers.map((f) => ({ subjectId: subject.personId, finger: f.position as FingerPosition, template: f.template }));
}
