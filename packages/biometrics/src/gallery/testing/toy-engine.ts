/**
 * A small stand-in for the real codec and matcher, for tests of the gallery's own logic (sharding,
 * merging, removal, fusion, failures) that must not depend on the matcher's accuracy or speed.
 * Codec: "TOY1" then (x, y, direction, type) as float32 per minutia. Scorer: how many probe
 * minutiae have a candidate minutia within 8 px and 20° (no alignment: toy impressions are not
 * moved, only jittered).
 */
import { BiometricError } from '../../errors.ts';
import type { FingerprintTemplate } from '../../fingerprint/types.ts';
import type { GalleryEngine } from '../engine.ts';

const MAGIC = [0x54, 0x4f, 0x59, 0x31];

export function encodeToyTemplate(template: FingerprintTemplate): Uint8Array {
  const values = new Float32Array(template.minutiae.length * 4);
  template.minutiae.forEach((m, i) => values.set([m.x, m.y, m.direction, m.type === 'ending' ? 0 : 1], i * 4));
  const bytes = new Uint8Array(4 + values.byteLength);
  bytes.set(MAGIC);
  bytes.set(new Uint8Array(values.buffer), 4);
  return bytes;
}

export function decodeToyTemplate(bytes: Uint8Array): FingerprintTemplate {
  if (bytes.length < 4 || (bytes.length - 4) % 16 !== 0 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new BiometricError('TEMPLATE_FORMAT_INVALID', 'La plantilla de prueba no tiene el formato esperado.');
  }
  const values = new Float32Array(bytes.slice(4).buffer);
  const minutiae = [];
  for (let i = 0; i < values.length; i += 4) {
    minutiae.push({
      x: values[i],
      y: values[i + 1],
      direction: values[i + 2],
      type: values[i + 3] === 0 ? ('ending' as const) : ('bifurcation' as const),
      quality: 100,
    });
  }
  return { width: 400, height: 400, minutiae };
}

export function toyScore(probe: FingerprintTemplate, candidate: FingerprintTemplate): number {
  let hits = 0;
  for (const p of probe.minutiae) {
    for (const c of candidate.minutiae) {
      const dx = p.x - c.x;
      const dy = p.y - c.y;
      let da = Math.abs(p.direction - c.direction) % (2 * Math.PI);
      if (da > Math.PI) da = 2 * Math.PI - da;
      if (dx * dx + dy * dy <= 64 && da <= (20 * Math.PI) / 180) {
        hits++;
        break;
      }
    }
  }
  return hits;
}

export const galleryEngine: GalleryEngine<FingerprintTemplate> = {
  decode: decodeToyTemplate,
  prepare: (t) => t,
  score: toyScore,
};
