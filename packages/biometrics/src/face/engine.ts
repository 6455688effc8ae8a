import type { Point } from './align.ts';
import { faceError } from './codes.ts';
import { decodeImage, type DecodedImage, type RgbImage } from './decode.ts';
import { FaceDetector, fivePoints, type DetectedFace } from './detect.ts';
import { EmbeddingModel, EmbeddingSpecs, embeddingCrops, type EmbeddingModelName } from './embed.ts';
import { padFeatures, scorePresentation, type PresentationScore } from './pad/passive.ts';
import { challengeShape } from './pad/shape.ts';
import { brightenIfDark } from './photometric.ts';
import { assessQuality, meanEyeAspectRatio, type QualityReport } from './quality.ts';

/** The default embedding model, chosen by measurement (see face/README.md, "Model choice"). */
export const DEFAULT_MODEL: EmbeddingModelName = 'faceapi-resnet-v2';

export interface FaceBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Everything the engine knows about one face. Coordinates are in the uploaded image's pixels. */
export interface FaceRecord {
  box: FaceBox;
  /** Eye centres (image-left first), nose tip, mouth corners (image-left first). */
  landmarks: Point[];
  embedding: Float32Array;
  /** Embedding model id: templates of different models never compare. */
  model: string;
  quality: QualityReport;
  liveness: PassiveLiveness;
  detection: { score: number; pass: DetectedFace['pass'] };
  pose: { yaw: number; pitch: number; roll: number };
}

export interface PassiveLiveness {
  /** Human `antispoof` CNN: 1 = real face, 0 = print or screen. Null when not run. Reported
   *  only: measured on printed-photo attacks it scores prints higher than live faces (PAD.md). */
  antispoof: number | null;
  /** Human `liveness` CNN: 1 = live. Null when not run. Reported only, like `antispoof`. */
  liveness: number | null;
  /**
   * The passive PAD's decision (pad/passive.ts): `score` ≥ `threshold`, the operating point of
   * the shipped model (BPCER 5 % in subject-wise cross-validation, see PAD.md). Every caller
   * reads this field; it is never null for a record the engine made.
   */
  passed: boolean | null;
  /** Log-odds that the face is presented live (higher = more live). */
  score?: number;
  /** The shipped model's decision threshold on `score`. */
  threshold?: number;
  /** Id of the PAD model that scored the face. */
  model?: string;
}

/** The passive PAD of one image, without the embedding (`FaceEngine.presentation`). */
export interface PresentationRecord extends PresentationScore {
  box: FaceBox;
  /** The measured feature vector (what the model scored; the PAD benchmark retrains on it). */
  features: Float32Array;
  detection: { score: number; pass: DetectedFace['pass'] };
}

/** What the active challenge needs from one video frame (cheaper than a full record). */
export interface FrameObservation {
  found: boolean;
  faces: number;
  yaw: number;
  pitch: number;
  roll: number;
  eyeAspectRatio: number;
  /** Mouth-corner distance over inter-eye distance: rises when the person smiles. */
  mouthWidthRatio: number;
  embedding: Float32Array | null;
  /** Passive PAD log-odds of this frame (see PassiveLiveness.score); absent when not measured. */
  presentation?: number;
  /** Landmarks for the planar-motion check (pad/shape.ts), image px; absent when not measured. */
  shape?: Point[];
  /** Inter-ocular distance in image px (scale of `shape`). */
  interEye?: number;
}

export interface EngineOptions {
  model?: EmbeddingModelName;
  /** Run Human's passive antispoof / liveness CNNs (default true). */
  passiveLiveness?: boolean;
}

export class FaceEngine {
  private queue: Promise<void> = Promise.resolve();

  private constructor(
    private readonly detector: FaceDetector,
    private readonly embedder: EmbeddingModel,
    readonly passiveLiveness: boolean,
  ) {}

  static async create(options: EngineOptions = {}): Promise<FaceEngine> {
    const passive = options.passiveLiveness ?? true;
    const detector = await FaceDetector.create({ passiveLiveness: passive });
    const embedder = await EmbeddingModel.load(detector.tf, EmbeddingSpecs[options.model ?? DEFAULT_MODEL]);
    return new FaceEngine(detector, embedder, passive);
  }

  get model(): string {
    return this.embedder.spec.id;
  }

  /** Every face in the image, largest first (the stages in order, one line each). */
  async extractAll(bytes: Uint8Array): Promise<FaceRecord[]> {
    const { decoded, faces } = await this.find(bytes);
    return faces.map((face) => this.describe(decoded, face));
  }

  /**
   * Enrollment: exactly one face (0 → FACE_NOT_FOUND, ≥ 2 → FACE_MULTIPLE) that passes every
   * quality check (else FACE_QUALITY_LOW with the failed checks in `details.failures`).
   * Faces are counted before any embedding is computed.
   */
  async enroll(bytes: Uint8Array, options: { requireQuality?: boolean } = {}): Promise<FaceRecord> {
    const { decoded, faces } = await this.find(bytes);
    if (faces.length === 0) throw faceError('FACE_NOT_FOUND');
    if (faces.length > 1) {
      const k = decoded.toOriginal;
      throw faceError('FACE_MULTIPLE', { faces: faces.length, boxes: faces.map((f) => f.box.map((v) => Math.round(v * k))) });
    }
    const record = this.describe(decoded, faces[0]);
    if ((options.requireQuality ?? true) && !record.quality.passed) {
      throw faceError('FACE_QUALITY_LOW', {
        failures: record.quality.failures,
        messages: record.quality.checks.filter((c) => !c.passed).map((c) => c.message),
        measures: record.quality.measures,
      });
    }
    return record;
  }

  /** Verification / search probe: the largest face, no quality gate; FACE_NOT_FOUND if none. */
  async probe(bytes: Uint8Array): Promise<FaceRecord> {
    const { decoded, faces } = await this.find(bytes);
    if (faces.length === 0) throw faceError('FACE_NOT_FOUND');
    return this.describe(decoded, faces[0]);
  }

  /** Decode and detect: faces largest first. */
  private async find(bytes: Uint8Array): Promise<{ decoded: DecodedImage; faces: DetectedFace[] }> {
    const decoded = await decodeImage(bytes);
    // Human keeps per-model state between calls (box caches), so two detections must never
    // interleave on one instance: calls queue here. Parallelism comes from FacePool's threads.
    const run = this.queue.then(() => this.detector.detect(decoded.image));
    this.queue = run.then(() => undefined, () => undefined);
    const faces = await run;
    faces.sort((a, b) => b.box[2] * b.box[3] - a.box[2] * a.box[3]);
    return { decoded, faces };
  }

  /** One video frame of an active liveness challenge. */
  async observe(bytes: Uint8Array, withEmbedding: boolean): Promise<FrameObservation> {
    const { decoded, faces } = await this.find(bytes);
    const face = faces[0];
    if (!face) return { found: false, faces: 0, yaw: 0, pitch: 0, roll: 0, eyeAspectRatio: 0, mouthWidthRatio: 0, embedding: null };
    const pts = fivePoints(face);
    const interEye = Math.hypot(pts[1][0] - pts[0][0], pts[1][1] - pts[0][1]);
    const mouth = Math.hypot(pts[4][0] - pts[3][0], pts[4][1] - pts[3][1]);
    return {
      found: true,
      faces: faces.length,
      ...face.pose,
      eyeAspectRatio: meanEyeAspectRatio(face),
      mouthWidthRatio: mouth / Math.max(1e-6, interEye),
      embedding: withEmbedding ? this.embed(decoded.image, face) : null,
      presentation: scorePresentation(padFeatures(decoded.image, face)).score,
      shape: challengeShape(face),
      interEye,
    };
  }

  /**
   * Passive presentation-attack detection of the largest face, without the embedding:
   * FACE_NOT_FOUND when there is no face. The decision is `live` (score ≥ threshold).
   */
  async presentation(bytes: Uint8Array): Promise<PresentationRecord> {
    const { decoded, faces } = await this.find(bytes);
    const face = faces[0];
    if (!face) throw faceError('FACE_NOT_FOUND');
    const features = padFeatures(decoded.image, face);
    const k = decoded.toOriginal;
    return {
      ...scorePresentation(features),
      box: { x: face.box[0] * k, y: face.box[1] * k, width: face.box[2] * k, height: face.box[3] * k },
      features,
      detection: { score: face.score, pass: face.pass },
    };
  }

  /** Embedding of a face given its mesh in `image` (for callers that detect themselves). */
  embed(image: RgbImage, face: Pick<DetectedFace, 'mesh'>): Float32Array {
    const spec = this.embedder.spec;
    const crops = embeddingCrops(image, face, spec);
    for (const crop of crops) brightenIfDark(crop, spec.inputSize);
    return this.embedder.embedFace(crops);
  }

  private describe(decoded: DecodedImage, face: DetectedFace): FaceRecord {
    const pts = fivePoints(face);
    const k = decoded.toOriginal;
    const scalePoint = (p: Point): Point => [p[0] * k, p[1] * k];
    const { antispoof, liveness } = face;
    const pad = scorePresentation(padFeatures(decoded.image, face));
    return {
      box: { x: face.box[0] * k, y: face.box[1] * k, width: face.box[2] * k, height: face.box[3] * k },
      landmarks: pts.map(scalePoint),
      embedding: this.embed(decoded.image, face),
      model: this.model,
      quality: assessQuality(decoded.image, face, pts),
      liveness: { antispoof, liveness, passed: pad.live, score: pad.score, threshold: pad.threshold, model: pad.model },
      detection: { score: face.score, pass: face.pass },
      pose: face.pose,
    };
  }
}

