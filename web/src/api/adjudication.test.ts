import { describe, expect, it } from 'vitest';
import { describeOperatingPoint, type OperatingPoint } from './adjudication.ts';

/** The supervisor reads at what threshold a 1:N decision was made, for each modality searched. */
describe('describeOperatingPoint', () => {
  const base: OperatingPoint = { purpose: 'deduplicacion', targetFpir: 0.01, gallerySubjects: 1234, probeFingers: 10, fingerThreshold: 50.92, fingerFloor: 40, subjectFmr: 8.1e-6, faceThreshold: 0.9289 };
  const face = { probeFace: true, faceGallerySubjects: 250_000, faceThreshold: 0.9712, faceFloor: 0.9289, faceFmr: 3.9e-8, faceFpir: 0.0098 };

  it('a face-only search shows the face threshold, its gallery and the FPIR it means, not a fingerprint line', () => {
    expect(describeOperatingPoint({ ...base, probeFingers: 0, gallerySubjects: 0, ...face })).toBe(
      'Umbral de rostro 0.9712 (FPIR objetivo 1 % con 250,000 rostros en la galería; FPIR con este umbral 0.98 %; nunca menor que el umbral 1:1 de 0.9289)',
    );
  });

  it('fingers and face: both thresholds', () => {
    const text = describeOperatingPoint({ ...base, ...face });
    expect(text).toMatch(/^Umbral de huellas 50\.9 \(FPIR objetivo 1 % con 1,234 personas en la galería, 10 dedos; nunca menor que el umbral 1:1 de 40\)\. Umbral de rostro 0\.9712 /);
  });

  it('fingers only, or a decision recorded before the face point was kept: the fingerprint line alone', () => {
    const fingers = 'Umbral de huellas 50.9 (FPIR objetivo 1 % con 1,234 personas en la galería, 10 dedos; nunca menor que el umbral 1:1 de 40)';
    expect(describeOperatingPoint(base)).toBe(fingers);
    expect(describeOperatingPoint({ ...base, probeFace: false, faceGallerySubjects: 0, faceFloor: 0.9289, faceFmr: 1e-3, faceFpir: 0 })).toBe(fingers);
  });

  it('a threshold set by the cohort rule says which candidate and what lead it came from', () => {
    const cohort = { fingerThreshold: 52.31, fingerGalleryThreshold: 61.0, fingerCohortRank: 10, fingerCohortGap: 29.52 };
    expect(describeOperatingPoint({ ...base, ...cohort })).toBe(
      'Umbral de huellas 52.3 (puntaje del candidato 10 más 29.5: FPIR objetivo 1 % con 1,234 personas en la galería, 10 dedos; nunca menor que el umbral 1:1 de 40)',
    );
    // The gallery-size threshold decided (fewer than k candidates): the former wording.
    expect(describeOperatingPoint({ ...base, ...cohort, fingerThreshold: 61.0 })).toMatch(/^Umbral de huellas 61\.0 \(FPIR objetivo 1 %/);
  });
});
