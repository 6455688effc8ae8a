/** Templates cached as JSON under /tmp: plain minutia lists, rounded to what the codecs keep. */
import type { FingerprintTemplate } from '@siap/biometrics/fingerprint';

export type CachedTemplate = FingerprintTemplate;

export function roundTemplate(t: FingerprintTemplate): FingerprintTemplate {
  return {
    width: t.width,
    height: t.height,
    minutiae: t.minutiae.map((m) => ({
      x: Math.round(m.x * 10) / 10,
      y: Math.round(m.y * 10) / 10,
      direction: Math.round(m.direction * 1e4) / 1e4,
      type: m.type,
      quality: m.quality,
    })),
  };
}
