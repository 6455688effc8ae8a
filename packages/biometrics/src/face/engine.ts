import type { Point } from './align.ts';
import { faceError } from './codes.ts';
import { decodeImage, type DecodedImage, type RgbImage } from './decode.ts';
import { FaceDetector, fivePoints, type DetectedFace } from './detect.ts';
import { EmbeddingModel, EmbeddingSpecs, embeddingCrops, type EmbeddingModelName } from './embed.ts';
import { Parameters } from './parameters.ts';
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
  /** Human `antispoof` CNN: 1 = real face, 0 = print or screen. Null when not run. */
  antispoof: number | null;
  /** Human `liveness` CNN: 1 = live. Null when not run. */
  liveness: number | null;
  /** Both scores above their floors (Parameters.liveness); null when not run. */
  passed: boolean | null;
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
    const passed = antispoof === null || liveness === null
      ? null
      : antispoof >= Parameters.liveness.minAntispoof && liveness >= Parameters.liveness.minLiveness;
    return {
      box: { x: face.box[0] * k, y: face.box[1] * k, width: face.box[2] * k, height: face.box[3] * k },
      landmarks: pts.map(scalePoint),
      embedding: this.embed(decoded.image, face),
      model: this.model,
      quality: assessQuality(decoded.image, face, pts),
      liveness: { antispoof, liveness, passed },
      detection: { score: face.score, pass: face.pass },
      pose: face.pose,
    };
  }
}

