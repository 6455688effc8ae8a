import { alignFace, toGrey, type Point } from './align.ts';
import { FaceMessages, type FaceCode } from './codes.ts';
import type { RgbImage } from './decode.ts';
import { MeshIndex, fivePoints, type DetectedFace } from './detect.ts';
import { Parameters } from './parameters.ts';

/** One ICAO-style check: what was measured, the limit, and the message if it failed. */
export interface QualityCheck {
  code: FaceCode;
  passed: boolean;
  value: number;
  /** [min, max]; null for an open side. */
  limit: [number | null, number | null];
  message: string;
}

export interface QualityReport {
  passed: boolean;
  /** Share of checks passed, 0..1 (a coarse summary; the checks are what count). */
  score: number;
  checks: QualityCheck[];
  /** Codes of the failed checks, in the order a person should fix them. */
  failures: FaceCode[];
  measures: {
    interEyePx: number;
    yaw: number;
    pitch: number;
    roll: number;
    sharpness: number;
    meanGrey: number;
    clippedFraction: number;
    eyeAspectRatio: number;
  };
}

function dist(a: readonly number[], b: readonly number[]): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

/** Eye aspect ratio (Soukupová & Čech 2016): eyelid gaps over eye width; ~0.3 open, < 0.15 shut. */
export function eyeAspectRatio(mesh: readonly (readonly number[])[], idx: readonly number[]): number {
  const [c1, c2, u1, l1, u2, l2] = idx.map((i) => mesh[i]);
  return (dist(u1, l1) + dist(u2, l2)) / (2 * dist(c1, c2));
}

export function meanEyeAspectRatio(face: Pick<DetectedFace, 'mesh'>): number {
  return (eyeAspectRatio(face.mesh, MeshIndex.rightEyeEar) + eyeAspectRatio(face.mesh, MeshIndex.leftEyeEar)) / 2;
}

/** Face region of the 112 px aligned crop: between the temples, brow to chin. */
const INNER = { x0: 20, x1: 92, y0: 30, y1: 108 };

/** Variance of the Laplacian (4-neighbour) over the inner face: Pech-Pacheco et al. 2000. */
export function laplacianVariance(grey: Float32Array, size: number): number {
  let sum = 0, sum2 = 0, n = 0;
  for (let y = Math.max(1, INNER.y0); y < Math.min(size - 1, INNER.y1); y++) {
    for (let x = Math.max(1, INNER.x0); x < Math.min(size - 1, INNER.x1); x++) {
      const i = y * size + x;
      const l = grey[i - 1] + grey[i + 1] + grey[i - size] + grey[i + size] - 4 * grey[i];
      sum += l; sum2 += l * l; n++;
    }
  }
  const m = sum / n;
  return sum2 / n - m * m;
}

export function exposure(grey: Float32Array, size: number): { mean: number; clipped: number } {
  let sum = 0, clipped = 0, n = 0;
  for (let y = INNER.y0; y < INNER.y1; y++) {
    for (let x = INNER.x0; x < INNER.x1; x++) {
      const v = grey[y * size + x];
      sum += v;
      if (v <= 5 || v >= 250) clipped++;
      n++;
    }
  }
  return { mean: sum / n, clipped: clipped / n };
}

function check(code: FaceCode, value: number, min: number | null, max: number | null): QualityCheck {
  const passed = (min === null || value >= min) && (max === null || value <= max);
  return { code, passed, value: Math.round(value * 1000) / 1000, limit: [min, max], message: FaceMessages[code] };
}

/**
 * ICAO / ISO/IEC 19794-5 style checks of one detected face. Photometric checks run on the
 * aligned 112×112 crop, so they measure the face and not the background, at a fixed scale
 * (sharpness figures of faces of different sizes are comparable).
 */
export function assessQuality(image: RgbImage, face: DetectedFace, points: readonly Point[] = fivePoints(face)): QualityReport {
  const q = Parameters.quality;
  const size = Parameters.alignment.templateSize;
  const grey = toGrey(alignFace(image, points, size, 1));
  const interEyePx = dist(points[0], points[1]);
  const sharpness = laplacianVariance(grey, size);
  const { mean, clipped } = exposure(grey, size);
  const ear = meanEyeAspectRatio(face);
  const [bx, by, bw, bh] = face.box;
  const margin = Math.min(bx, by, image.width - (bx + bw), image.height - (by + bh)) / Math.max(1, bw);

  const checks = [
    check('FACE_TOO_SMALL', interEyePx, q.minInterEyePx, null),
    check('FACE_CROPPED', margin, q.minBorderMargin, null),
    check('FACE_POSE_YAW', Math.abs(face.pose.yaw), null, q.maxYawDeg),
    check('FACE_POSE_PITCH', Math.abs(face.pose.pitch), null, q.maxPitchDeg),
    check('FACE_POSE_ROLL', Math.abs(face.pose.roll), null, q.maxRollDeg),
    check('FACE_TOO_DARK', mean, q.minMeanGrey, null),
    check('FACE_TOO_BRIGHT', mean, null, q.maxMeanGrey),
    check('FACE_BLURRY', sharpness, q.minSharpness, null),
    check('FACE_EYES_CLOSED', ear, q.minEyeAspectRatio, null),
  ];
  // Clipping is reported as too dark / too bright depending on the mean: one message per cause.
  if (clipped > q.maxClippedFraction) {
    const code: FaceCode = mean < 128 ? 'FACE_TOO_DARK' : 'FACE_TOO_BRIGHT';
    const c = checks.find((x) => x.code === code)!;
    c.passed = false;
  }
  const failures = checks.filter((c) => !c.passed).map((c) => c.code);
  return {
    passed: failures.length === 0,
    score: checks.filter((c) => c.passed).length / checks.length,
    checks,
    failures,
    measures: {
      interEyePx,
      yaw: face.pose.yaw,
      pitch: face.pose.pitch,
      roll: face.pose.roll,
      sharpness,
      meanGrey: mean,
      clippedFraction: clipped,
      eyeAspectRatio: ear,
    },
  };
}
