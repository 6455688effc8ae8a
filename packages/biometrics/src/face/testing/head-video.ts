/**
 * A rendered video of a person doing the liveness challenge's four actions, for browser tests
 * that sign with the face through Chromium's fake camera (`--use-file-for-fake-video-capture`).
 *
 * It is made from ONE still photo (a face in @vladmandic/face-api's demo photos, see
 * test-fixtures.ts): the engine's own FaceMesh gives the face's 478 landmarks with their depth;
 * the head is turned in 3-D (the landmarks rotated about a vertical axis behind the face and
 * re-projected), the eyelids closed (upper-lid landmarks moved onto the lower lid) and the mouth
 * corners widened (smile), and the photo is warped triangle by triangle (FaceMesh's own
 * triangulation, drawn far to near) to follow the moved landmarks. Each output pixel is sampled
 * once from the photo (bicubic), so the frame is not blurred twice.
 *
 * This is a camera INJECTION of a rendered still: it proves the whole path (page, recording,
 * server's challenge, 1:1, passive PAD, signature) works with frames that really contain the
 * actions; it does not show that the PAD stops anything, since presentation-attack detection
 * defends the sensor and injected streams never pass before one (PAD.md).
 */
import { createHash } from 'node:crypto';
import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { ChallengeStep } from '../challenge.ts';
import type { RgbImage } from '../decode.ts';
import { FaceDetector } from '../detect.ts';
import { paths } from '../runtime/human.ts';

type Vec3 = [number, number, number];

/** MediaPipe FaceMesh annotation groups (Human's MESH_ANNOTATIONS). */
const Mesh = {
  silhouette: [10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377, 152, 148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109],
  // Upper lid (Upper0) over the lower lid's inner points (Lower0 without the corners).
  rightUpperLid: [246, 161, 160, 159, 158, 157, 173],
  rightLowerLid: [7, 163, 144, 145, 153, 154, 155],
  rightUpperFold: [247, 30, 29, 27, 28, 56, 190],
  leftUpperLid: [466, 388, 387, 386, 385, 384, 398],
  leftLowerLid: [249, 390, 373, 374, 380, 381, 382],
  leftUpperFold: [467, 260, 259, 257, 258, 286, 414],
  rightEyeRing: [33, 246, 161, 160, 159, 158, 157, 173, 133, 155, 154, 153, 145, 144, 163, 7],
  leftEyeRing: [263, 466, 388, 387, 386, 385, 384, 398, 362, 382, 381, 380, 374, 373, 390, 249],
  mouthRing: [78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308, 324, 318, 402, 317, 14, 87, 178, 88, 95],
  mouthCorners: [61, 291] as const,
  eyes: [33, 133, 362, 263] as const,
};

/** The face the video is made of: a face-api demo photo and the face's box in it (px). */
export interface HeadSource {
  file: string;
  box: readonly [number, number, number, number];
}

/**
 * The default: the face D of test-fixtures.ts (sample1.jpg), the one of the four the passive PAD
 * scores live even as a still (PAD.md's model learnt one webcam; as 480–640 px portraits, log-odds
 * A −0.9…−0.6, B −2.2…−2.0, C −4.7…−4.0, D +2.4…+4.7, threshold 1.10). Its head is rolled ~45°
 * in the photo: the frame turns it upright, in the same single resampling as the warp (turned
 * upright by sharp and then resized, bilinear, it scored 0.4–0.8; sampled once, bicubic, 2.2–4.0).
 */
export const DEFAULT_HEAD: HeadSource = { file: 'sample1.jpg', box: [1433, 188, 279, 279] };

export interface HeadModel {
  /** The photo region the face is cut from (no resampling). */
  photo: RgbImage;
  /** FaceMesh points in `photo` px, z relative depth (same scale as x, larger = farther). */
  mesh: Vec3[];
  triangles: Uint32Array;
  /** Output frame size and the similarity photo → frame (rotation removes the head's roll). */
  width: number;
  height: number;
  frame: { a: number; b: number; tx: number; ty: number };
}

export interface HeadPose {
  /** Head turn about the vertical axis, degrees; positive = toward the image's left (Human's yaw sign). */
  yawDeg: number;
  /** 0 open … 1 closed. */
  blink: number;
  /** 0 neutral … 1 full smile (mouth corners out by `smileGain` of the mouth width each side). */
  smile: number;
}

export const NEUTRAL: HeadPose = { yawDeg: 0, blink: 0, smile: 0 };

/**
 * The smallest actions measured with margin by the challenge (turn 18°, eyes below 0.6 of their
 * open aspect ratio, mouth 12 % wider), each measured by the engine on the rendered frames after
 * the page's re-encoding (figures below; head-video.test.ts checks them). Nothing here changes
 * what the server accepts.
 */
export const HeadVideoParameters = {
  width: 480,
  height: 640,
  /** Inter-ocular distance in the frame, px: a phone's front camera at arm's length. */
  interEyePx: 90,
  /** Turns, rendered degrees. The engine reads the photo's head at +3.9°; a turn to the side the
   *  photo barely shows reads smaller (its texture is borrowed from the other side). Measured:
   *  −26° reads −17.9° (not enough), −30° reads −21.7°; +20° reads +24.0°, +22° +25.7°. */
  turnLeftDeg: 30,
  turnRightDeg: 22,
  /** Frames an action is held at its peak, and neutral frames after it (30 frames/s). The page
   *  samples every ≥ 200 ms: a 267 ms hold is always caught, and the loop (2.1 s) fits any order
   *  of three steps in well under the page's 8 s recording (head-video.test.ts). */
  holdFrames: 8,
  neutralFrames: 6,
  /** FaceMesh's z comes at about half the scale of x and y: with the mesh's own depth a +25°
   *  turn read +10.8° from the frontal, with twice it +24.7° (the engine's yaw then agrees with
   *  the rendered angle). */
  depthScale: 2,
  /** The turn's axis lies behind the silhouette's mean depth by this share of the face's width
   *  (a head is about as deep as wide; 0.2–0.8 measured alike). */
  pivotDepth: 0.5,
  /** Mouth corners each move out by this share of the mouth's half width at a full smile:
   *  0.22 read +11.6 % (not enough), 0.33 +14.7 %, 0.4 about +20 %. */
  smileGain: 0.4,
  /** A closing lid pulls the skin fold above it down by this share of its own travel (eye
   *  aspect ratio closed / open: 0.51; a lid closed to 90 %: 0.54). */
  foldFollow: 0.6,
  /** Chromium's fake capture plays an MJPEG file at 30 frames/s. */
  fps: 30,
  /** A face triangle shown this many times larger than the photo shows it takes its mirror's
   *  texture (the stretched one made the passive PAD score of a −30° turn 0.4–1.1, the mirrored
   *  1.8–2.5, against a threshold of 1.10). */
  maxStretch: 2.5,
} as const;

/** Bump when the rendering changes, so a cached video is made anew. */
const RENDERER_VERSION = 1;

function demoPhoto(file: string): string {
  return path.join(path.dirname(paths.faceApiModels), 'demo', file);
}

/**
 * Finds the face's mesh in the photo and the frame that shows it upright, eyes level, centred.
 * `detector` is the engine's (the mesh the server will see on the rendered frames).
 */
export async function headModel(detector: FaceDetector, source: HeadSource = DEFAULT_HEAD, options: { width?: number; height?: number; interEyePx?: number } = {}): Promise<HeadModel> {
  const width = options.width ?? HeadVideoParameters.width;
  const height = options.height ?? HeadVideoParameters.height;
  const img = sharp(demoPhoto(source.file));
  const meta = await img.metadata();
  const [bx, by, bw, bh] = source.box;
  // A region twice the face's size around it (clipped): enough context for the frame.
  const left = Math.max(0, Math.round(bx - bw)), top = Math.max(0, Math.round(by - bh));
  const right = Math.min(meta.width ?? 0, Math.round(bx + 2 * bw)), bottom = Math.min(meta.height ?? 0, Math.round(by + 2 * bh));
  const { data, info } = await img.extract({ left, top, width: right - left, height: bottom - top }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const photo: RgbImage = { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  const [face] = await detector.detect(photo);
  if (!face) throw new Error(`no face in ${source.file} around ${source.box.join(',')}`);
  const mesh = face.mesh.map((p) => [p[0], p[1], p[2]] as Vec3);
  const eye = (i: readonly number[]) => [(mesh[i[0]][0] + mesh[i[1]][0]) / 2, (mesh[i[0]][1] + mesh[i[1]][1]) / 2];
  const [rx, ry] = eye([Mesh.eyes[0], Mesh.eyes[1]]);
  const [lx, ly] = eye([Mesh.eyes[2], Mesh.eyes[3]]);
  const scale = (options.interEyePx ?? HeadVideoParameters.interEyePx) / Math.hypot(lx - rx, ly - ry);
  const roll = Math.atan2(ly - ry, lx - rx);
  const a = scale * Math.cos(-roll), b = scale * Math.sin(-roll);
  // Eyes' midpoint at 45 % of the frame's height: the face a little above the centre.
  const mx = (rx + lx) / 2, my = (ry + ly) / 2;
  const tx = width / 2 - (a * mx - b * my), ty = height * 0.42 - (b * mx + a * my);
  return { photo, mesh, triangles: Uint32Array.from(detector.faceTriangulation), width, height, frame: { a, b, tx, ty } };
}

/** Catmull-Rom weights (Keys' cubic, a = −0.5). */
function cubicWeights(t: number, w: Float64Array): void {
  const t2 = t * t, t3 = t2 * t;
  w[0] = -0.5 * t3 + t2 - 0.5 * t;
  w[1] = 1.5 * t3 - 2.5 * t2 + 1;
  w[2] = -1.5 * t3 + 2 * t2 + 0.5 * t;
  w[3] = 0.5 * t3 - 0.5 * t2;
}

class Sampler {
  private readonly wx = new Float64Array(4);
  private readonly wy = new Float64Array(4);
  constructor(private readonly img: RgbImage) {}
  /** Bicubic sample at (x, y) of the photo, edges clamped, into out[o..o+2]. */
  sample(x: number, y: number, out: Uint8Array, o: number): void {
    const { width, height, data } = this.img;
    const x0 = Math.floor(x), y0 = Math.floor(y);
    cubicWeights(x - x0, this.wx);
    cubicWeights(y - y0, this.wy);
    let r = 0, g = 0, bl = 0;
    for (let j = 0; j < 4; j++) {
      const yy = Math.min(height - 1, Math.max(0, y0 - 1 + j));
      const wy = this.wy[j];
      for (let i = 0; i < 4; i++) {
        const xx = Math.min(width - 1, Math.max(0, x0 - 1 + i));
        const w = wy * this.wx[i];
        const p = (yy * width + xx) * 3;
        r += w * data[p]; g += w * data[p + 1]; bl += w * data[p + 2];
      }
    }
    out[o] = r < 0 ? 0 : r > 255 ? 255 : Math.round(r);
    out[o + 1] = g < 0 ? 0 : g > 255 ? 255 : Math.round(g);
    out[o + 2] = bl < 0 ? 0 : bl > 255 ? 255 : Math.round(bl);
  }
}

/**
 * The mesh in frame coordinates with the pose applied: eyelids and mouth moved on the face, then
 * the head turned. `flat` drops the depth (a printed photo of the face turned: what the planar
 * check must catch). Returns the neutral positions too (where each vertex's texture comes from).
 */
function posedVertices(model: HeadModel, pose: HeadPose, flat: boolean, depthScale: number, pivotDepth: number): { from: Vec3[]; to: Vec3[] } {
  const { a, b, tx, ty } = model.frame;
  const scale = Math.hypot(a, b);
  const from = model.mesh.map(([x, y, z]) => [a * x - b * y + tx, b * x + a * y + ty, z * scale * depthScale] as Vec3);
  const to = from.map((p) => [...p] as Vec3);
  // Blink: the upper lid down onto the lower lid, the fold above it following half way.
  const lids: [number[], number[], number[]][] = [
    [Mesh.rightUpperLid, Mesh.rightLowerLid, Mesh.rightUpperFold],
    [Mesh.leftUpperLid, Mesh.leftLowerLid, Mesh.leftUpperFold],
  ];
  if (pose.blink > 0) {
    for (const [upper, lower, fold] of lids) {
      upper.forEach((u, k) => {
        const l = lower[k];
        const dy = (from[l][1] - from[u][1]) * pose.blink;
        const dx = (from[l][0] - from[u][0]) * pose.blink;
        to[u][0] += dx; to[u][1] += dy;
        to[fold[k]][0] += dx * HeadVideoParameters.foldFollow; to[fold[k]][1] += dy * HeadVideoParameters.foldFollow;
      });
    }
  }
  // Smile: a smooth field that pulls the mouth corners out and up, fading over the cheeks.
  if (pose.smile > 0) {
    const [c1, c2] = Mesh.mouthCorners;
    const cx = (from[c1][0] + from[c2][0]) / 2, cy = (from[c1][1] + from[c2][1]) / 2;
    const half = Math.hypot(from[c2][0] - from[c1][0], from[c2][1] - from[c1][1]) / 2;
    // Weight 1 at the corners, fading to 0 two half-widths out (cheeks) and a half-width above
    // and below (nose, chin stay).
    const weight = (u: number, v: number) => Math.max(0, 1 - (u / 2) ** 2 - v ** 2) ** 2;
    const corner = weight(1, 0);
    for (let i = 0; i < to.length; i++) {
      const u = (from[i][0] - cx) / half, v = (from[i][1] - cy) / half;
      const w = weight(u, v) / corner;
      if (w <= 0) continue;
      const side = Math.max(-1, Math.min(1, u));
      to[i][0] += pose.smile * HeadVideoParameters.smileGain * half * side * w;
      to[i][1] -= pose.smile * HeadVideoParameters.smileGain * 0.4 * half * side * side * w;
    }
  }
  if (pose.yawDeg !== 0) {
    // Turn about a vertical axis through the head, behind the face: at the depth of the
    // silhouette's mean plus half the face's width (a head is about as deep as wide).
    const sil = Mesh.silhouette.map((i) => from[i]);
    const cx = sil.reduce((s, p) => s + p[0], 0) / sil.length;
    const faceWidth = Math.max(...sil.map((p) => p[0])) - Math.min(...sil.map((p) => p[0]));
    const cz = sil.reduce((s, p) => s + p[2], 0) / sil.length + (flat ? 0 : faceWidth * pivotDepth);
    // Human's yaw is positive when the face points to the image's left: its near side (small z)
    // moves left, i.e. x' = cx + (x − cx)·cos − (z − cz)·sin … with z growing away.
    const t = (pose.yawDeg * Math.PI) / 180;
    const cos = Math.cos(t), sin = Math.sin(t);
    for (const p of to) {
      const x = p[0] - cx, z = flat ? 0 : p[2] - cz;
      p[0] = cx + x * cos + z * sin;
      p[2] = cz - x * sin + z * cos;
    }
  }
  return { from, to };
}

/** The hole inside a ring of vertices (eye opening, mouth) as a fan from the ring's first point. */
function fan(ring: readonly number[]): number[] {
  const t: number[] = [];
  for (let k = 1; k + 1 < ring.length; k++) t.push(ring[0], ring[k], ring[k + 1]);
  return t;
}

/** Renders one frame of the head in `pose`. */
export function renderHead(model: HeadModel, pose: HeadPose, options: { flat?: boolean; depthScale?: number; pivotDepth?: number } = {}): RgbImage {
  const { width, height, photo } = model;
  const { a, b, tx, ty } = model.frame;
  const det = a * a + b * b;
  // Frame → photo (inverse similarity).
  const toPhoto = (x: number, y: number): [number, number] => {
    const dx = x - tx, dy = y - ty;
    return [(a * dx + b * dy) / det, (-b * dx + a * dy) / det];
  };
  const sampler = new Sampler(photo);
  const out = new Uint8Array(width * height * 3);
  // Everything but the head: the photo through the frame's similarity (a still background).
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [px, py] = toPhoto(x + 0.5, y + 0.5);
      sampler.sample(px - 0.5, py - 0.5, out, (y * width + x) * 3);
    }
  }
  const { from, to } = posedVertices(model, pose, options.flat ?? false, options.depthScale ?? HeadVideoParameters.depthScale, options.pivotDepth ?? HeadVideoParameters.pivotDepth);
  // Hair, ears and neck around the face: three rings outside the silhouette, moving with it
  // fully, half and not at all, so the head joins the still background without folding.
  const sil = Mesh.silhouette;
  const centre = [0, 1].map((k) => sil.reduce((s, i) => s + from[i][k], 0) / sil.length);
  const rings = [[1.3, 1], [1.7, 0.5], [2.3, 0]].map(([f, follow]) => sil.map((i) => {
    const p: Vec3 = [centre[0] + (from[i][0] - centre[0]) * f, centre[1] + (from[i][1] - centre[1]) * f, from[i][2]];
    return { from: p, to: [p[0] + (to[i][0] - from[i][0]) * follow, p[1] + (to[i][1] - from[i][1]) * follow, p[2]] as Vec3 };
  }));
  const vFrom = [...from, ...rings.flatMap((r) => r.map((v) => v.from))];
  const vTo = [...to, ...rings.flatMap((r) => r.map((v) => v.to))];
  const n = from.length, m = sil.length;
  const ringIndex = (r: number, k: number) => (r < 0 ? sil[k] : n + r * m + k);
  const strips: number[] = [];
  for (let r = -1; r < rings.length - 1; r++) {
    for (let k = 0; k < m; k++) {
      const k1 = (k + 1) % m;
      strips.push(ringIndex(r, k), ringIndex(r, k1), ringIndex(r + 1, k1), ringIndex(r, k), ringIndex(r + 1, k1), ringIndex(r + 1, k));
    }
  }
  // FaceMesh's triangulation leaves the eye and mouth openings empty: fill them so a closed lid
  // covers the eye (the texture inside comes from the open eye, squeezed to a line).
  const holes = [...fan(Mesh.rightEyeRing), ...fan(Mesh.leftEyeRing), ...fan(Mesh.mouthRing)];
  const face: number[] = [...holes, ...model.triangles];
  const order = Array.from({ length: face.length / 3 }, (_, k) => k);
  const depth = (k: number) => (vTo[face[3 * k]][2] + vTo[face[3 * k + 1]][2] + vTo[face[3 * k + 2]][2]) / 3;
  // Far to near (painter's algorithm, larger z = farther); the holes first, under the lids and
  // lips around them.
  const isHole = (k: number) => k < holes.length / 3;
  const key = (k: number) => (isHole(k) ? 1e9 : depth(k));
  order.sort((p, q) => key(q) - key(p));
  // FaceMesh's triangles share one winding when seen from the front: the sign of their summed
  // area in the photo. One seen from behind after the turn is hidden by the near side; one that
  // faced away in the photo (beyond the cheek's contour) and now faces the camera is drawn.
  let summed = 0;
  for (let k = 0; k < model.triangles.length; k += 3) summed += signedArea(vFrom, model.triangles[k], model.triangles[k + 1], model.triangles[k + 2]);
  const front = Math.sign(summed);
  // The side of the face the photo barely shows (beyond the cheek's contour) has no texture of
  // its own: stretching the few pixels it has smears them. Such a triangle takes its texture
  // from its mirror image on the other side of the face (soft symmetry, as in Hassner et al.,
  // "Effective face frontalization", CVPR 2015), when that one is well seen.
  const mirror = mirrorVertices(from);
  for (let k = 0; k < strips.length; k += 3) drawTriangle([strips[k], strips[k + 1], strips[k + 2]], null, 0);
  for (const t of order) {
    const tri: [number, number, number] = [face[3 * t], face[3 * t + 1], face[3 * t + 2]];
    if (isHole(t)) { drawTriangle(tri, null, 0); continue; }
    const seen = front * signedArea(vFrom, ...tri);
    const shown = Math.abs(signedArea(vTo, ...tri));
    const twin = tri.map((i) => mirror[i]) as [number, number, number];
    // Mirrored, the twin's winding is reversed: its front side has the opposite sign.
    const twinSeen = -front * signedArea(vFrom, ...twin);
    const useTwin = shown > HeadVideoParameters.maxStretch * Math.max(seen, 0) && twinSeen > Math.max(seen, 0);
    drawTriangle(tri, useTwin ? twin : null, front);
  }
  return { width, height, data: out };

  /** Draws a triangle unless `front` is a sign and the triangle's winding is the other one;
   *  its texture comes from the same vertices in the photo, or from `texture`'s. */
  function drawTriangle([i0, i1, i2]: [number, number, number], texture: [number, number, number] | null, front: number): void {
    const p0 = vTo[i0], p1 = vTo[i1], p2 = vTo[i2];
    const [t0, t1, t2] = texture ?? [i0, i1, i2];
    const s0 = vFrom[t0], s1 = vFrom[t1], s2 = vFrom[t2];
    const area = signedArea(vTo, i0, i1, i2);
    if (Math.abs(area) < 1e-6 || (front !== 0 && Math.sign(area) !== front)) return;
    const minX = Math.max(0, Math.floor(Math.min(p0[0], p1[0], p2[0])));
    const maxX = Math.min(width - 1, Math.ceil(Math.max(p0[0], p1[0], p2[0])));
    const minY = Math.max(0, Math.floor(Math.min(p0[1], p1[1], p2[1])));
    const maxY = Math.min(height - 1, Math.ceil(Math.max(p0[1], p1[1], p2[1])));
    for (let y = minY; y <= maxY; y++) {
      const cy = y + 0.5;
      for (let x = minX; x <= maxX; x++) {
        const cx = x + 0.5;
        const w1 = ((cx - p0[0]) * (p2[1] - p0[1]) - (p2[0] - p0[0]) * (cy - p0[1])) / area;
        const w2 = ((p1[0] - p0[0]) * (cy - p0[1]) - (cx - p0[0]) * (p1[1] - p0[1])) / area;
        const w0 = 1 - w1 - w2;
        if (w0 < -1e-9 || w1 < -1e-9 || w2 < -1e-9) continue;
        const fx = w0 * s0[0] + w1 * s1[0] + w2 * s2[0];
        const fy = w0 * s0[1] + w1 * s1[1] + w2 * s2[1];
        const [px, py] = toPhoto(fx, fy);
        sampler.sample(px - 0.5, py - 0.5, out, (y * width + x) * 3);
      }
    }
  }
}

/**
 * For each FaceMesh vertex, the vertex nearest to its mirror image across the face's midline
 * plane (through the midline's points, normal along the averaged left-right directions of eyes,
 * mouth corners and cheeks).
 */
function mirrorVertices(v: readonly Vec3[]): Int32Array {
  const pairs: [number, number][] = [[33, 263], [133, 362], [61, 291], [234, 454], [93, 323], [132, 361]];
  const normal = [0, 0, 0];
  for (const [r, l] of pairs) {
    const d = [0, 1, 2].map((k) => v[l][k] - v[r][k]);
    const len = Math.hypot(d[0], d[1], d[2]);
    for (let k = 0; k < 3; k++) normal[k] += d[k] / len;
  }
  const len = Math.hypot(normal[0], normal[1], normal[2]);
  for (let k = 0; k < 3; k++) normal[k] /= len;
  const midline = [10, 151, 9, 8, 168, 6, 197, 195, 5, 4, 1, 19, 94, 2, 164, 0, 17, 18, 200, 199, 175, 152];
  const centre = [0, 1, 2].map((k) => midline.reduce((s, i) => s + v[i][k], 0) / midline.length);
  const out = new Int32Array(FACE_MESH_POINTS);
  for (let i = 0; i < FACE_MESH_POINTS; i++) {
    const dist = (v[i][0] - centre[0]) * normal[0] + (v[i][1] - centre[1]) * normal[1] + (v[i][2] - centre[2]) * normal[2];
    const q = [0, 1, 2].map((k) => v[i][k] - 2 * dist * normal[k]);
    let best = i, bestD = Number.POSITIVE_INFINITY;
    for (let j = 0; j < FACE_MESH_POINTS; j++) {
      const d = (v[j][0] - q[0]) ** 2 + (v[j][1] - q[1]) ** 2 + (v[j][2] - q[2]) ** 2;
      if (d < bestD) { bestD = d; best = j; }
    }
    out[i] = best;
  }
  return out;
}

/** FaceMesh's points without the iris (the triangulation covers these). */
const FACE_MESH_POINTS = 468;

function signedArea(v: readonly Vec3[], i0: number, i1: number, i2: number): number {
  const p0 = v[i0], p1 = v[i1], p2 = v[i2];
  return (p1[0] - p0[0]) * (p2[1] - p0[1]) - (p2[0] - p0[0]) * (p1[1] - p0[1]);
}

/** One JPEG of a rendered frame. */
export function frameJpeg(image: RgbImage, quality = 92): Promise<Buffer> {
  return sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength), { raw: { width: image.width, height: image.height, channels: 3 } })
    .jpeg({ quality })
    .toBuffer();
}

/** One action of the loop: the poses of its video frames, then back to neutral. */
function action(step: ChallengeStep): HeadPose[] {
  const P = HeadVideoParameters;
  const at = (k: number): HeadPose => {
    switch (step) {
      case 'turn-left': return { ...NEUTRAL, yawDeg: -P.turnLeftDeg * k };
      case 'turn-right': return { ...NEUTRAL, yawDeg: P.turnRightDeg * k };
      case 'blink': return { ...NEUTRAL, blink: k };
      case 'smile': return { ...NEUTRAL, smile: k };
    }
  };
  return [at(0.5), ...Array.from({ length: P.holdFrames }, () => at(1)), at(0.5), ...Array.from({ length: P.neutralFrames }, () => NEUTRAL)];
}

/** The order of the actions in the loop (any order needs the same window, see head-video.test.ts). */
export const HEAD_VIDEO_ACTIONS: readonly ChallengeStep[] = ['turn-left', 'turn-right', 'blink', 'smile'];

/** One loop of the video, a pose per frame at `HeadVideoParameters.fps`. */
export function headVideoTimeline(): HeadPose[] {
  return HEAD_VIDEO_ACTIONS.flatMap(action);
}

const poseKey = (p: HeadPose) => `${p.yawDeg}|${p.blink}|${p.smile}`;

/**
 * Renders each distinct pose of the loop once: `frames[i]` is the JPEG of video frame i (the
 * same Buffer for repeated poses).
 */
export async function renderHeadVideo(model: HeadModel, options: { flat?: boolean; quality?: number } = {}): Promise<{ timeline: HeadPose[]; frames: Buffer[] }> {
  const timeline = headVideoTimeline();
  const rendered = new Map<string, Buffer>();
  for (const pose of timeline) {
    const key = poseKey(pose);
    if (!rendered.has(key)) rendered.set(key, await frameJpeg(renderHead(model, pose, { flat: options.flat }), options.quality ?? 92));
  }
  return { timeline, frames: timeline.map((p) => rendered.get(poseKey(p))!) };
}

/**
 * The loop as an MJPEG file (JPEG frames back to back) for Chromium's
 * `--use-file-for-fake-video-capture`, made once and kept in the system's temporary folder under
 * a name that changes with the parameters (nothing is committed; a fresh machine makes it anew,
 * ~10 s). Returns the file's path and the neutral frame (the person's photo at the counter).
 */
export async function headVideoFile(detector: () => Promise<FaceDetector>, dir = tmpdir()): Promise<{ path: string; neutral: Buffer }> {
  // The name changes with the parameters, the mesh model's version and RENDERER_VERSION.
  const human = JSON.parse(await readFile(path.join(paths.human, 'package.json'), 'utf8')) as { version: string };
  const key = createHash('sha256').update(JSON.stringify({ DEFAULT_HEAD, HeadVideoParameters, human: human.version, RENDERER_VERSION })).digest('hex').slice(0, 16);
  const file = path.join(dir, `siap-head-video-${key}.mjpeg`);
  const still = path.join(dir, `siap-head-video-${key}.jpg`);
  try {
    await stat(file);
    return { path: file, neutral: await readFile(still) };
  } catch {
    const model = await headModel(await detector());
    const { frames } = await renderHeadVideo(model);
    const neutral = await frameJpeg(renderHead(model, NEUTRAL), 92);
    // Written under a temporary name and renamed: a concurrent test never reads half a file.
    const partial = `${file}.${process.pid}.part`;
    await writeFile(partial, Buffer.concat(frames));
    await rename(partial, file);
    await writeFile(`${still}.${process.pid}.part`, neutral);
    await rename(`${still}.${process.pid}.part`, still);
    return { path: file, neutral };
  }
}

export type { ChallengeStep };
