import { describe, expect, it } from 'vitest';
import { parseBiometricConfig } from './biometric-config.ts';

const TEST_MODE = { nodeEnv: 'test', demo: true } as const;

describe('biometric config', () => {
  it('caps the cylinders per enrolled finger only when BIOMETRIC_GALLERY_ENROLLED_CYLINDERS says so, and refuses a bad value', () => {
    expect(parseBiometricConfig({}, TEST_MODE).galleryEnrolledCylinders).toBeNull();
    expect(parseBiometricConfig({ BIOMETRIC_GALLERY_ENROLLED_CYLINDERS: '36' }, TEST_MODE).galleryEnrolledCylinders).toBe(36);
    for (const bad of ['36.5', '4', 'muchos']) {
      expect(() => parseBiometricConfig({ BIOMETRIC_GALLERY_ENROLLED_CYLINDERS: bad }, TEST_MODE)).toThrow(/BIOMETRIC_GALLERY_ENROLLED_CYLINDERS/);
    }
  });
});
