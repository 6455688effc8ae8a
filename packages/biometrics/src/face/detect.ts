import type { Point } from './align.ts';
import type { RgbImage } from './decode.ts';
import { meanLevel, padWithEdges } from './decode.ts';
import { Parameters } from './parameters.ts';
import { loadHumanClass, modelUrl, paths, type HumanInstance } from './runtime/human.ts';

/** One face as the detector and landmark models see it, in the coordinates of the input image. */
export interface DetectedFace {
  /** [x, y, width, height] */
  box: [number, number, number, number];
  score: number;
  /** 478 MediaPipe FaceMesh points (468 mesh + 10 iris), [x, y, z] with z relative depth. */
  mesh: [number, number, number][];
  /** Head pose in degrees, from the mesh (Human `rotation.angle`). */
  pose: { yaw: number; pitch: number; roll: number };
  /** Human's passive presentation-attack scores, 0..1 (1 = real / live); null if not run. */
  antispoof: number | null;
  liveness: number | null;
  /** How the face was found: on the image as given, or on a padded / equalised retry. */
  pass: 'direct' | 'padded' | 'padded-brightened' | 'padded-equalised';
}

export interface DetectorOptions {
  /** Run Human's antispoof and liveness CNNs on each face (≈ +5 ms). */
  passiveLiveness: boolean;
}

/** MediaPipe FaceMesh indices of the five alignment points and the eyelids. */
export const MeshIndex = {
  rightEye: [33, 133, 159, 145] as const, // subject's right eye = image left
  leftEye: [362, 263, 386, 374] as const,
  noseTip: 4,
  mouthRight: 61, // image left
  mouthLeft: 291,
  // eye aspect ratio pairs: [corner, corner, upper1, lower1, upper2, lower2]
  rightEyeEar: [33, 133, 160, 144, 158, 153] as const,
  leftEyeEar: [263, 362, 385, 380, 387, 373] as const,
};

/**
 * The MediaPipe FaceMesh point nearest in meaning to each iBUG 68-layout point used for dlib's
 * chip (see align.ts `dlibChip`): nose bridge and base 27–35, eyes 36–47, outer lips 48–59,
 * inner lips 60–67. The brows (17–26) are left out: the mesh traces the brow's middle, iBUG its
 * upper edge. (Measured on two disjoint LFW subsets, see face/README.md.)
 */
export const MeshForIbug: readonly (readonly [ibug: number, mesh: number])[] = [
  [27, 168], [28, 197], [29, 5], [30, 4], [31, 98], [32, 97], [33, 2], [34, 326], [35, 327],
  [36, 33], [37, 160], [38, 158], [39, 133], [40, 153], [41, 144],
  [42, 362], [43, 385], [44, 387], [45, 263], [46, 373], [47, 380],
  [48, 61], [49, 40], [50, 37], [51, 0], [52, 267], [53, 270], [54, 291], [55, 321], [56, 314], [57, 17], [58, 84], [59, 91],
  [60, 78], [61, 82], [62, 13], [63, 312], [64, 308], [65, 317], [66, 14], [67, 87],
];

/** The iBUG-equivalent points of a face (order of `MeshForIbug`) for a dlib chip. */
export function ibugPoints(face: Pick<DetectedFace, 'mesh'>): { points: Point[]; ibug: number[] } {
  return {
    points: MeshForIbug.map(([, m]) => [face.mesh[m][0], face.mesh[m][1]] as Point),
    ibug: MeshForIbug.map(([i]) => i),
  };
}

function mean(mesh: [number, number, number][], idx: readonly number[]): Point {
  let x = 0, y = 0;
  for (const i of idx) { x += mesh[i][0]; y += mesh[i][1]; }
  return [x / idx.length, y / idx.length];
}

/** The five alignment points in ArcFace template order (image-left eye first). */
export function fivePoints(face: Pick<DetectedFace, 'mesh'>): Point[] {
  const m = face.mesh;
  return [
    mean(m, MeshIndex.rightEye),
    mean(m, MeshIndex.leftEye),
    [m[MeshIndex.noseTip][0], m[MeshIndex.noseTip][1]],
    [m[MeshIndex.mouthRight][0], m[MeshIndex.mouthRight][1]],
    [m[MeshIndex.mouthLeft][0], m[MeshIndex.mouthLeft][1]],
  ];
}

const RAD_TO_DEG = 180 / Math.PI;

/** The image on a square mid-grey canvas, anchored top-left. */
function squareCanvas(image: RgbImage): RgbImage {
  if (image.width === image.height) return image;
  const side = Math.max(image.width, image.height);
  const data = new Uint8Array(side * side * 3).fill(128);
  const row = image.width * 3;
  for (let y = 0; y < image.height; y++) data.set(image.data.subarray(y * row, (y + 1) * row), y * side * 3);
  return { width: side, height: side, data };
}

/**
 * Human configured for still images: BlazeFace detector + FaceMesh + iris, input cache off
 * (`cacheSensitivity: 0`, otherwise Human reuses the previous image's result when two inputs
 * look alike), every model we do not use disabled, models served from the npm packages.
 */
export class FaceDetector {
  private constructor(private readonly human: HumanInstance) {}

  static async create(options: DetectorOptions): Promise<FaceDetector> {
    const Human = loadHumanClass();
    const human = new Human({
      backend: 'wasm',
      wasmPath: paths.wasmDist,
      modelBasePath: modelUrl('human', ''),
      debug: false,
      cacheModels: false,
      cacheSensitivity: 0,
      skipAllowed: false,
      warmup: 'none',
      async: false,
      filter: { enabled: false },
      gesture: { enabled: false },
      body: { enabled: false },
      hand: { enabled: false },
      object: { enabled: false },
      segmentation: { enabled: false },
      face: {
        enabled: true,
        detector: {
          modelPath: 'blazeface.json',
          rotation: true,
          maxDetected: Parameters.detection.maxFaces,
          minConfidence: Parameters.detection.minFaceScore,
          skipFrames: 0,
          skipTime: 0,
          return: false,
        },
        mesh: { enabled: true },
        iris: { enabled: true },
        attention: { enabled: false },
        description: { enabled: false },
        emotion: { enabled: false },
        antispoof: { enabled: options.passiveLiveness, skipFrames: 0, skipTime: 0 },
        liveness: { enabled: options.passiveLiveness, skipFrames: 0, skipTime: 0 },
        gear: { enabled: false },
      },
    });
    await human.load();
    await human.tf.ready();
    if (human.tf.getBackend() !== 'wasm') throw new Error(`expected tfjs wasm backend, got ${human.tf.getBackend()}`);
    return new FaceDetector(human);
  }

  /** FaceMesh's triangles over its 468 points, as index triples (Human's `faceTriangulation`). */
  get faceTriangulation(): readonly number[] {
    return this.human.faceTriangulation as number[];
  }

  /** The TensorFlow.js instance Human runs on (shared with the embedding models). */
  get tf(): HumanInstance {
    return this.human.tf;
  }

  /** Faces of one image, most confident first. */
  async detectOnce(image: RgbImage): Promise<Omit<DetectedFace, 'pass'>[]> {
    const tf = this.human.tf;
    // BlazeFace resizes its input to 256×256 without keeping the aspect ratio: a 2:1 image is
    // squashed and two faces side by side merge into one or vanish (measured on a composite).
    // Padding right and bottom to a square keeps coordinates unchanged. (Human's own
    // `detector.square` option shifts the boxes: measured, not used.)
    const square = squareCanvas(image);
    const input = tf.tensor3d(square.data, [square.height, square.width, 3], 'int32');
    try {
      const result = await this.human.detect(input);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const faces = (result.face as any[]).filter((f) => f.score >= Parameters.detection.minFaceScore && f.mesh?.length >= 468);
      return faces
        .map((f) => ({
          box: f.box as [number, number, number, number],
          score: f.score as number,
          mesh: f.mesh as [number, number, number][],
          pose: {
            yaw: (f.rotation?.angle?.yaw ?? 0) * RAD_TO_DEG,
            pitch: (f.rotation?.angle?.pitch ?? 0) * RAD_TO_DEG,
            roll: (f.rotation?.angle?.roll ?? 0) * RAD_TO_DEG,
          },
          antispoof: typeof f.real === 'number' ? f.real : null,
          liveness: typeof f.live === 'number' ? f.live : null,
        }))
        .sort((a, b) => b.score - a.score);
    } finally {
      tf.dispose(input);
    }
  }

  /**
   * Faces of the image; when none is found, retries on a copy padded with replicated edges, then
   * (for dark images) brightened, then also equalised (see Parameters.detection), and maps the
   * result back to the input's coordinates.
   */
  async detect(image: RgbImage): Promise<DetectedFace[]> {
    const direct = await this.detectOnce(image);
    if (direct.length > 0) return direct.map((f) => ({ ...f, pass: 'direct' as const }));
    const pad = Math.round(Math.max(image.width, image.height) * Parameters.detection.retryPadFraction);
    const dark = meanLevel(image) < Parameters.detection.brightenTargetMean;
    const passes: { pass: DetectedFace['pass']; brighten: boolean; equalise: boolean }[] = [
      { pass: 'padded', brighten: false, equalise: false },
      ...(dark ? [{ pass: 'padded-brightened' as const, brighten: true, equalise: false }] : []),
      { pass: 'padded-equalised', brighten: dark, equalise: true },
    ];
    for (const { pass, brighten, equalise } of passes) {
      const copy = await padWithEdges(image, pad, { brighten, equalise });
      const found = await this.detectOnce(copy);
      if (found.length === 0) continue;
      return found.map((f) => ({
        ...f,
        box: [f.box[0] - pad, f.box[1] - pad, f.box[2], f.box[3]] as [number, number, number, number],
        mesh: f.mesh.map(([x, y, z]) => [x - pad, y - pad, z] as [number, number, number]),
        pass,
      }));
    }
    return [];
  }
}
