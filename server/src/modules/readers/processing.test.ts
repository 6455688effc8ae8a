import { extractTemplate } from '@siap/biometrics/fingerprint';
import { decodeTemplate, encodeAnsi378, encodeIso19794_2 } from '@siap/biometrics/formats';
import { generateFinger } from '@siap/biometrics/synth';
import { describe, expect, it } from 'vitest';
import { SimulatedFingerprintDriver } from './drivers.ts';
import { processFinger } from './processing.ts';

describe('reader samples → templates', () => {
  const [image] = generateFinger(4242, 1);
  const template = extractTemplate(image);

  it('accepts ISO/IEC 19794-2 and ANSI/INCITS 378 templates as a reader sends them', async () => {
    for (const bytes of [encodeIso19794_2([{ template, position: 3 }]), encodeAnsi378([{ template, position: 3 }])]) {
      const finger = await processFinger({ kind: 'template', bytes }, { requireQuality: true });
      expect(finger.quality).toMatchObject({ source: 'template', minutiae: template.minutiae.length, problems: [] });
      expect(decodeTemplate(finger.compact).minutiae).toHaveLength(template.minutiae.length);
      expect(finger.image).toBeNull();
    }
  });

  it('refuses a template with too few minutiae for enrollment, but takes it as a probe', async () => {
    const sparse = encodeIso19794_2([{ template: { ...template, minutiae: template.minutiae.slice(0, 5) }, position: 3 }]);
    await expect(processFinger({ kind: 'template', bytes: sparse }, { requireQuality: true })).rejects.toMatchObject({
      code: 'BIOMETRIC_QUALITY_LOW',
      details: { problems: [expect.objectContaining({ code: 'TOO_FEW_MINUTIAE' })] },
    });
    expect((await processFinger({ kind: 'template', bytes: sparse }, { requireQuality: false })).quality.minutiae).toBe(5);
    await expect(processFinger({ kind: 'template', bytes: new Uint8Array([1, 2, 3, 4]) }, { requireQuality: true })).rejects.toMatchObject({ httpStatus: 422 });
  });

  it('simulates the same finger for the same person and another one for someone else', async () => {
    const driver = new SimulatedFingerprintDriver();
    const context = { modality: 'huella' as const, position: 4, personKey: 'PERSONA-A' };
    const a1 = await driver.capture({}, context);
    const a2 = await driver.capture({}, context);
    const again = await new SimulatedFingerprintDriver().capture({ simulate: { impression: 0 } }, context);
    expect(a1.kind === 'gray-image' && again.kind === 'gray-image' && Buffer.from(a1.image.data).equals(Buffer.from(again.image.data))).toBe(true);
    expect(a1.kind === 'gray-image' && a2.kind === 'gray-image' && Buffer.from(a1.image.data).equals(Buffer.from(a2.image.data))).toBe(false);
    await expect(driver.capture({}, { ...context, position: 0 })).rejects.toMatchObject({ code: 'CAPTURE_POSITION_REQUIRED' });
  });
});
