import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { paths, type Tf } from './runtime/human.ts';

/**
 * face-api's 128-d face descriptor (`@vladmandic/face-api/model/face_recognition_model`): the
 * dlib ResNet-29 of dlib_face_recognition_resnet_model_v1 (King 2017, LFW 99.38 %) ported to
 * TensorFlow.js by face-api. Its weights ship as a tfjs weights manifest without a graph, so the
 * forward pass is written here, layer for layer as in face-api's `FaceRecognitionNet`
 * (src/faceRecognitionNet/*.ts), on the shared tfjs instance — face-api's own bundle would bring
 * a second copy of TensorFlow.js.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type T = any;
type Weights = Record<string, T>;

const MEAN_RGB = [122.782, 117.001, 104.298];

/**
 * face-api's crop (FaceLandmarks.alignDlib): a square of side (mean eye-to-mouth-centre distance)
 * / 0.45, its centre-x and 43 % of its height at the centroid of eyes and mouth. On the ArcFace
 * template that is the window below (left, top, side in template px); measured on LFW, the
 * centred ArcFace framing at any zoom scores far lower with this model.
 */
export const FACE_API_WINDOW = ((): readonly [number, number, number] => {
  const le = [38.2946, 51.6963], re = [73.5318, 51.5014];
  const mouth = [(41.5493 + 70.7299) / 2, (92.3655 + 92.2041) / 2];
  const d = (p: number[]) => Math.hypot(mouth[0] - p[0], mouth[1] - p[1]);
  const side = (d(le) + d(re)) / 2 / 0.45;
  const cx = (le[0] + re[0] + mouth[0]) / 3, cy = (le[1] + re[1] + mouth[1]) / 3;
  return [cx - 0.5 * side, cy - 0.43 * side, side];
})();

export async function loadFaceApiResnet(tf: Tf): Promise<(x: T) => T> {
  const dir = paths.faceApiModels;
  const manifest = JSON.parse(await readFile(path.join(dir, 'face_recognition_model-weights_manifest.json'), 'utf8')) as {
    paths: string[];
    weights: unknown[];
  }[];
  const w: Weights = {};
  for (const group of manifest) {
    const buffers = await Promise.all(group.paths.map((p) => readFile(path.join(dir, p))));
    const all = Buffer.concat(buffers);
    const data = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
    Object.assign(w, tf.io.decodeWeights(data, group.weights));
  }

  const convLayer = (x: T, prefix: string, strides: number, relu: boolean, padding: 'same' | 'valid'): T => {
    let out = tf.conv2d(x, w[`${prefix}/conv/filters`], strides, padding);
    out = tf.add(out, w[`${prefix}/conv/bias`]);
    out = tf.add(tf.mul(out, w[`${prefix}/scale/weights`]), w[`${prefix}/scale/biases`]);
    return relu ? tf.relu(out) : out;
  };
  const residual = (x: T, prefix: string): T => {
    let out = convLayer(x, `${prefix}/conv1`, 1, true, 'same');
    out = convLayer(out, `${prefix}/conv2`, 1, false, 'same');
    return tf.relu(tf.add(out, x));
  };
  const residualDown = (x: T, prefix: string): T => {
    let out = convLayer(x, `${prefix}/conv1`, 2, true, 'valid');
    out = convLayer(out, `${prefix}/conv2`, 1, false, 'same');
    let pooled = tf.avgPool(x, 2, 2, 'valid');
    if (pooled.shape[1] !== out.shape[1] || pooled.shape[2] !== out.shape[2]) {
      out = tf.concat([out, tf.zeros([out.shape[0], 1, out.shape[2], out.shape[3]])], 1);
      out = tf.concat([out, tf.zeros([out.shape[0], out.shape[1], 1, out.shape[3]])], 2);
    }
    if (pooled.shape[3] !== out.shape[3]) pooled = tf.concat([pooled, tf.zeros(pooled.shape)], 3);
    return tf.relu(tf.add(pooled, out));
  };

  /** x: [n, 150, 150, 3] RGB 0..255 → [n, 128]. */
  return (x: T) => {
    let out = tf.div(tf.sub(x, tf.tensor1d(MEAN_RGB)), 255);
    out = convLayer(out, 'conv32_down', 2, true, 'valid');
    out = tf.maxPool(out, 3, 2, 'valid');
    for (const p of ['conv32_1', 'conv32_2', 'conv32_3']) out = residual(out, p);
    out = residualDown(out, 'conv64_down');
    for (const p of ['conv64_1', 'conv64_2', 'conv64_3']) out = residual(out, p);
    out = residualDown(out, 'conv128_down');
    for (const p of ['conv128_1', 'conv128_2']) out = residual(out, p);
    out = residualDown(out, 'conv256_down');
    for (const p of ['conv256_1', 'conv256_2']) out = residual(out, p);
    out = residualDown(out, 'conv256_down_out');
    return tf.matMul(tf.mean(out, [1, 2]), w.fc);
  };
}
