import { createRequire } from 'node:module';
import { alignFace, dlibChip, type TemplateWindow } from './align.ts';
import type { RgbImage } from './decode.ts';
import { fivePoints, ibugPoints, type DetectedFace } from './detect.ts';
import { FACE_API_WINDOW, loadFaceApiResnet } from './faceapi-resnet.ts';
import { modelUrl, type Tf } from './runtime/human.ts';

const require = createRequire(import.meta.url);

/** How a model wants its pixels: 0..1, 0..255, or (x − 127.5) / 128. */
export type InputRange = 'unit' | 'byte' | 'symmetric';

/** One embedding model shipped in an npm package, and the crop it is fed. */
export interface EmbeddingSpec {
  /** Stable identifier stored with every template (templates of different models never mix). */
  id: string;
  /** `face-api` = the dlib ResNet descriptor of @vladmandic/face-api (see faceapi-resnet.ts). */
  folder: 'human' | 'human-models' | 'face-api';
  file: string;
  /** Square input side in px. */
  inputSize: number;
  /** Crop framing: a zoom of the ArcFace 112 framing (1; < 1 shows more of the head), or a
   *  window [left, top, side] in template units (see align.ts). */
  zoom: number | TemplateWindow;
  inputRange: InputRange;
  /** Output width of the descriptor to read (models with several heads: age, gender, …). */
  outputDims?: number;
  /** Also embed the mirrored crop and add both descriptors (test-time augmentation). */
  flip: boolean;
  /**
   * Also embed a dlib-style chip (align.ts `dlibChip`, this padding) of the same face and
   * average the two normalised descriptors: for the dlib ResNet, the chip its training used.
   */
  dlibChipPadding?: number;
}

/**
 * The crops a spec embeds for one face: the five-point crop with the spec's framing, then (when
 * the spec asks) dlib's chip from the mesh's iBUG-equivalent points. Interleaved RGB 0..255.
 */
export function embeddingCrops(image: RgbImage, face: Pick<DetectedFace, 'mesh'>, spec: EmbeddingSpec): Float32Array[] {
  const crops = [alignFace(image, fivePoints(face), spec.inputSize, spec.zoom)];
  if (spec.dlibChipPadding !== undefined) {
    const { points, ibug } = ibugPoints(face);
    crops.push(dlibChip(image, points, ibug, spec.inputSize, spec.dlibChipPadding));
  }
  return crops;
}

/**
 * Candidates evaluated by `bench/src/face/compare-models.ts` (report in face/README.md). Crop
 * framing and input range of the Human models are the best measured. `faceapi-resnet-v2` (the
 * default) averages two crops of the face, face-api's own window and dlib's chip, each summed
 * with its mirror (4 forward passes; face/README.md "Alignment and test-time augmentation").
 */
export const EmbeddingSpecs = {
  faceres: { id: 'faceres', folder: 'human', file: 'faceres.json', inputSize: 224, zoom: 0.8, inputRange: 'byte', outputDims: 1024, flip: false },
  'faceres-deep': { id: 'faceres-deep', folder: 'human-models', file: 'faceres-deep.json', inputSize: 224, zoom: 0.8, inputRange: 'byte', outputDims: 1024, flip: false },
  mobileface: { id: 'mobileface', folder: 'human-models', file: 'mobileface.json', inputSize: 112, zoom: 1, inputRange: 'symmetric', flip: false },
  mobilefacenet: { id: 'mobilefacenet', folder: 'human-models', file: 'mobilefacenet.json', inputSize: 112, zoom: 1, inputRange: 'symmetric', flip: false },
  // Templates made before the dlib chip was added: kept so that stored templates still load and
  // score against their own calibration (a template's `model` names its spec).
  'faceapi-resnet': { id: 'faceapi-resnet', folder: 'face-api', file: 'face_recognition_model', inputSize: 150, zoom: FACE_API_WINDOW, inputRange: 'byte', flip: true },
  'faceapi-resnet-v2': { id: 'faceapi-resnet-v2', folder: 'face-api', file: 'face_recognition_model', inputSize: 150, zoom: FACE_API_WINDOW, inputRange: 'byte', flip: true, dlibChipPadding: 0.25 },
} satisfies Record<string, EmbeddingSpec>;

export type EmbeddingModelName = keyof typeof EmbeddingSpecs;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type GraphModel = any;

export class EmbeddingModel {
  private constructor(
    readonly spec: EmbeddingSpec,
    private readonly tf: Tf,
    private readonly model: GraphModel,
  ) {}

  static async load(tf: Tf, spec: EmbeddingSpec): Promise<EmbeddingModel> {
    if (spec.folder === 'face-api') {
      const forward = await loadFaceApiResnet(tf);
      return new EmbeddingModel(spec, tf, { execute: forward });
    }
    const converter = require('@tensorflow/tfjs-converter') as { loadGraphModel(url: string): Promise<GraphModel> };
    const model = await converter.loadGraphModel(modelUrl(spec.folder, spec.file));
    return new EmbeddingModel(spec, tf, model);
  }

  /** L2-normalised descriptors of aligned crops (interleaved RGB 0..255, inputSize²×3 each);
   *  `raw: true` returns them as the model outputs them (for score experiments). */
  embed(crops: readonly Float32Array[], options: { raw?: boolean } = {}): Float32Array[] {
    const { tf, spec } = this;
    const size = spec.inputSize;
    const out = tf.tidy(() => {
      const batch = new Float32Array(crops.length * size * size * 3);
      crops.forEach((c, i) => batch.set(c, i * size * size * 3));
      let x = tf.tensor4d(batch, [crops.length, size, size, 3]);
      if (spec.inputRange === 'unit') x = tf.div(x, 255);
      else if (spec.inputRange === 'symmetric') x = tf.div(tf.sub(x, 127.5), 128);
      let y = this.pick(this.model.execute(x));
      if (spec.flip) y = tf.add(y, this.pick(this.model.execute(tf.reverse(x, 2))));
      return tf.reshape(y, [crops.length, -1]);
    });
    const data = out.dataSync() as Float32Array;
    const dims = out.shape[1] as number;
    tf.dispose(out);
    const result: Float32Array[] = [];
    for (let i = 0; i < crops.length; i++) {
      const v = data.slice(i * dims, (i + 1) * dims);
      result.push(options.raw ? v : normalise(v));
    }
    return result;
  }

  /** One template from several crops of the same face: their normalised descriptors averaged
   *  (each already the sum with its mirror when `spec.flip`), normalised again. */
  embedFace(crops: readonly Float32Array[]): Float32Array {
    const each = this.embed(crops);
    if (each.length === 1) return each[0];
    const sum = new Float32Array(each[0].length);
    for (const e of each) for (let k = 0; k < sum.length; k++) sum[k] += e[k];
    return normalise(sum);
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private pick(output: any): any {
    if (!Array.isArray(output)) return output;
    const want = this.spec.outputDims;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const found = output.find((t: any) => t.shape[t.shape.length - 1] === want);
    if (!found) throw new Error(`model ${this.spec.id} has no ${want}-wide output`);
    return found;
  }
}

export function normalise(v: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  const k = s > 0 ? 1 / Math.sqrt(s) : 0;
  for (let i = 0; i < v.length; i++) v[i] *= k;
  return v;
}
