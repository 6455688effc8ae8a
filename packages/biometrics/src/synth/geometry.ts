import type { MasterPrint } from './master-print.ts';
import type { Rng } from './random.ts';

/**
 * Where each pixel of an impression comes from on the finger, and which part of the finger
 * touches the platen. Drawn once per impression; used both to render it and to carry the
 * master's minutiae into impression coordinates (ground truth).
 *
 * Backward map, from the output pixel to the finger: (1) the inverse rigid placement (rotation
 * about the image centre, translation); (2) Cappelli's plastic-distortion model (Cappelli, Maio
 * & Maltoni, "Modelling plastic distortion in fingerprint images", ICAPR 2001): skin in the
 * close-contact region does not move, skin far from it follows an extra small rigid motion, and
 * a "brake" function 1 − exp(−d²/2k²) of the distance d from that region blends the two, so the
 * warp is non-linear yet smooth and one-to-one for the small motions drawn here.
 */
export interface ImpressionGeometry {
  /** Impression pixel → master (finger) coordinates, written into `out`. */
  toMaster(x: number, y: number, out: { x: number; y: number }): void;
  /** 0 outside the area touching the platen, rising to 1 over `edgeSoftness` pixels inside it. */
  contact(mx: number, my: number): number;
  /** Rotation of the placement, radians counterclockwise on screen. */
  rotation: number;
}

export interface GeometryParameters {
  rotationDeg: number;
  dx: number;
  dy: number;
  distortion: number;
  pressure: number;
}

interface Ellipse {
  x: number;
  y: number;
  rx: number;
  ry: number;
}

/** Centre and half-extents of the fingertip silhouette. */
export function fingerExtent(master: MasterPrint): Ellipse {
  let sx = 0;
  let sy = 0;
  let n = 0;
  let minX = master.width;
  let maxX = 0;
  let minY = master.height;
  let maxY = 0;
  for (let y = 0; y < master.height; y++) {
    for (let x = 0; x < master.width; x++) {
      if (!master.mask[y * master.width + x]) continue;
      sx += x;
      sy += y;
      n++;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  if (n === 0) return { x: master.width / 2, y: master.height / 2, rx: 1, ry: 1 };
  return { x: sx / n, y: sy / n, rx: Math.max(1, (maxX - minX) / 2), ry: Math.max(1, (maxY - minY) / 2) };
}

const EDGE_SOFTNESS = 10;

export function drawImpressionGeometry(master: MasterPrint, rng: Rng, p: GeometryParameters): ImpressionGeometry {
  const finger = fingerExtent(master);
  // Close-contact region of the distortion model and its extra rigid motion outside it.
  const ccx = finger.x + rng.normal() * 0.12 * finger.rx;
  const ccy = finger.y + rng.normal() * 0.12 * finger.ry;
  const ccrx = finger.rx * rng.uniform(0.25, 0.45);
  const ccry = finger.ry * rng.uniform(0.25, 0.45);
  const brakeK = rng.uniform(0.6, 1.2) * (ccrx + ccry) * 0.5;
  const dTheta = (p.distortion * rng.uniform(2, 7) * (rng.next() < 0.5 ? -1 : 1) * Math.PI) / 180;
  const dShift = p.distortion * rng.uniform(3, 10);
  const dDir = rng.uniform(0, 2 * Math.PI);
  const dtx = dShift * Math.cos(dDir);
  const dty = dShift * Math.sin(dDir);
  const cosD = Math.cos(dTheta);
  const sinD = Math.sin(dTheta);

  // Contact area: heavier pressure flattens more of the fingertip onto the platen.
  const contactX = finger.x + rng.normal() * 0.1 * finger.rx;
  const contactY = finger.y + rng.normal() * 0.1 * finger.ry;
  const contactScale = 0.72 + 0.45 * p.pressure + rng.uniform(-0.05, 0.05);
  const contactRx = finger.rx * contactScale * rng.uniform(0.95, 1.1);
  const contactRy = finger.ry * contactScale * rng.uniform(0.9, 1.05);
  const edgeGain = (contactRx + contactRy) / 2 / EDGE_SOFTNESS;

  const rotation = (p.rotationDeg * Math.PI) / 180;
  const cosT = Math.cos(rotation);
  const sinT = Math.sin(rotation);
  const cx = master.width / 2;
  const cy = master.height / 2;

  return {
    rotation,
    toMaster(x, y, out) {
      // (1) Undo the placement. A counterclockwise rotation on screen (y down) maps (u, v) to
      // (u cos θ + v sin θ, −u sin θ + v cos θ); its inverse is applied here.
      const u = x - cx - p.dx;
      const v = y - cy - p.dy;
      let mx = cx + u * cosT - v * sinT;
      let my = cy + u * sinT + v * cosT;
      // (2) Undo the plastic distortion.
      const ex = (mx - ccx) / ccrx;
      const ey = (my - ccy) / ccry;
      const rho = Math.sqrt(ex * ex + ey * ey);
      if (rho > 1) {
        const d = ((rho - 1) / rho) * Math.sqrt((mx - ccx) ** 2 + (my - ccy) ** 2);
        const brake = 1 - Math.exp((-d * d) / (2 * brakeK * brakeK));
        const rx = ccx + (mx - ccx) * cosD - (my - ccy) * sinD + dtx;
        const ry = ccy + (mx - ccx) * sinD + (my - ccy) * cosD + dty;
        mx += (rx - mx) * brake;
        my += (ry - my) * brake;
      }
      out.x = mx;
      out.y = my;
    },
    contact(mx, my) {
      const nx = (mx - contactX) / contactRx;
      const ny = (my - contactY) / contactRy;
      const e = (1 - Math.sqrt(nx * nx + ny * ny)) * edgeGain;
      return e < 0 ? 0 : e > 1 ? 1 : e;
    },
  };
}

/**
 * Master (finger) point → impression pixel: the inverse of `toMaster`, by fixed-point iteration
 * started from the rigid placement. The distortion is a small, smooth perturbation of a rigid
 * motion, so each step removes most of the residual; 20 steps reach far below a pixel.
 */
export function toImpression(geo: ImpressionGeometry, mx: number, my: number, cx: number, cy: number): { x: number; y: number } {
  const cosT = Math.cos(geo.rotation);
  const sinT = Math.sin(geo.rotation);
  // Forward rotation of a master-space residual into impression space.
  const forward = (du: number, dv: number): [number, number] => [du * cosT + dv * sinT, -du * sinT + dv * cosT];
  const probe = { x: 0, y: 0 };
  // Start: undo only the rigid part, i.e. rotate (m − c) forward about the centre.
  geo.toMaster(cx, cy, probe);
  let [x, y] = forward(mx - cx, my - cy);
  x += cx;
  y += cy;
  for (let i = 0; i < 20; i++) {
    geo.toMaster(x, y, probe);
    const [ex, ey] = forward(mx - probe.x, my - probe.y);
    x += ex;
    y += ey;
    if (ex * ex + ey * ey < 1e-8) break;
  }
  return { x, y };
}
