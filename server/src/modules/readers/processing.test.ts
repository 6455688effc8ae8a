import { extractTemplate } from '@siap/biometrics/fingerprint';
import { decodeTemplate, encodeAnsi378, encodeIso19794_2 } from '@siap/biometrics/formats';
import { generateFinger } from '@siap/biometrics/synth';
import { decodeWsq, encodeWsq } from '@siap/biometrics/wsq';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { SimulatedFingerprintDriver, uploadDriver, type RawSample } from './drivers.ts';
import { renderSimulatedPrint, type SimulatedPrint } from './simulated-print.ts';
import { facePhoto } from '../enrollment/testing.ts';
import { probeFinger, processFinger } from './processing.ts';

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

  it('makes a comparison probe the template enrollment would make, without judging its quality', async () => {
    const png = await sharp(Buffer.from(image.data), { raw: { width: image.width, height: image.height, channels: 1 } }).png().toBuffer();
    const sample = { kind: 'encoded-image' as const, bytes: new Uint8Array(png), dpi: 500 };
    const processed = await processFinger(sample, { requireQuality: false });
    expect(Buffer.from(await probeFinger(sample)).equals(Buffer.from(processed.compact))).toBe(true);
    const sparse = encodeIso19794_2([{ template: { ...template, minutiae: template.minutiae.slice(0, 5) }, position: 3 }]);
    expect(decodeTemplate(await probeFinger({ kind: 'template', bytes: sparse })).minutiae).toHaveLength(5);
    // An image with no print in it is refused as enrollment refuses it, with what the assessment sees.
    const blank = { kind: 'gray-image' as const, image: { width: 300, height: 400, data: new Uint8Array(300 * 400).fill(255) } };
    const enrolled = await processFinger(blank, { requireQuality: false }).catch((error: unknown) => error);
    await expect(probeFinger(blank)).rejects.toMatchObject({ code: 'BIOMETRIC_QUALITY_LOW', httpStatus: 422 });
    await expect(probeFinger(blank)).rejects.toEqual(enrolled);
  });

  it('simulates the same finger for the same person and another one for someone else', async () => {
    const driver = new SimulatedFingerprintDriver();
    const context = { modality: 'huella' as const, position: 4, personKey: 'PERSONA-A' };
    const [a1, a2, again, other] = await Promise.all([
      driver.capture({}, context),
      driver.capture({}, context),
      new SimulatedFingerprintDriver().capture({ simulate: { impression: 0 } }, context),
      driver.capture({}, { ...context, personKey: 'PERSONA-B' }),
    ]);
    const pixels = (sample: RawSample) => {
      if (sample.kind !== 'simulated-print') throw new Error(`not a simulated impression: ${sample.kind}`);
      return Buffer.from(renderSimulatedPrint(sample).data);
    };
    expect(pixels(a1).equals(pixels(again))).toBe(true);
    expect(pixels(a1).equals(pixels(a2))).toBe(false);
    expect(pixels(a1).equals(pixels(other))).toBe(false);
    await expect(driver.capture({}, { ...context, position: 0 })).rejects.toMatchObject({ code: 'CAPTURE_POSITION_REQUIRED' });
  });

  it('the simulated reader hands over a recipe, drawn where the extraction runs, not on the request thread', async () => {
    const sample = await new SimulatedFingerprintDriver().capture({}, { modality: 'huella', position: 2, personKey: 'PERSONA-C' });
    // No pixels in the capture: drawing a master print is 0.2–1 s of CPU, which the capture
    // request used to spend on the event loop. The worker draws it (processFinger / probeFinger).
    expect(sample).toEqual({ kind: 'simulated-print', masterSeed: expect.any(Number), impressionSeed: expect.any(Number) });
    const finger = await processFinger(sample, { requireQuality: true, keepImage: true });
    const drawn = renderSimulatedPrint(sample as SimulatedPrint);
    expect(finger.quality.source).toBe('simulated-print');
    expect(Buffer.from(await probeFinger(sample)).equals(Buffer.from(await probeFinger({ kind: 'gray-image', image: drawn })))).toBe(true);
    expect([decodeWsq(finger.image!).width, decodeWsq(finger.image!).height]).toEqual([drawn.width, drawn.height]);
  });

  it('accepts a WSQ upload (as image/x-wsq or application/octet-stream) and extracts a template from it', async () => {
    const wsq = Buffer.from(encodeWsq(image, { bitRate: 0.75, ppi: 500 }));
    const context = { modality: 'huella' as const, position: 3, personKey: 'PERSONA-WSQ' };
    for (const prefix of ['', 'data:image/x-wsq;base64,', 'data:application/octet-stream;base64,']) {
      const sample = await uploadDriver.capture({ image: prefix + wsq.toString('base64') }, context);
      const finger = await processFinger(sample, { requireQuality: true, keepImage: true });
      expect(finger.quality).toMatchObject({ source: 'encoded-image', problems: [] });
      expect(finger.template.minutiae.length).toBeGreaterThanOrEqual(12);
      expect(decodeTemplate(finger.compact).minutiae).toHaveLength(finger.template.minutiae.length);
      expect(Buffer.from(finger.image!).equals(wsq)).toBe(true); // kept as captured: WSQ is the archival format
    }
  });

  it('keeps a PNG or simulated capture as WSQ at 500 dpi, the pixels its minutiae are in', async () => {
    const png = await sharp(Buffer.from(image.data), { raw: { width: image.width, height: image.height, channels: 1 } }).png().toBuffer();
    for (const sample of [{ kind: 'encoded-image' as const, bytes: new Uint8Array(png), dpi: 500 }, { kind: 'gray-image' as const, image }]) {
      const finger = await processFinger(sample, { requireQuality: true, keepImage: true });
      const kept = decodeWsq(finger.image!);
      expect([kept.width, kept.height]).toEqual([finger.template.width, finger.template.height]);
      expect((await processFinger(sample, { requireQuality: true })).image).toBeNull();
    }
  });

  it('refuses a face photo uploaded as a fingerprint with IMAGE_NOT_FINGERPRINT (it scored 75/100 on quality alone)', async () => {
    const photo = new Uint8Array(Buffer.from(await facePhoto('A'), 'base64'));
    await expect(processFinger({ kind: 'encoded-image', bytes: photo }, { requireQuality: true })).rejects.toMatchObject({
      code: 'IMAGE_NOT_FINGERPRINT',
      httpStatus: 422,
      message: expect.stringContaining('no es una huella dactilar'),
    });
  });

  it('reports a damaged WSQ upload as 422 IMAGE_CORRUPT with the library message', async () => {
    const wsq = encodeWsq(image);
    await expect(processFinger({ kind: 'encoded-image', bytes: wsq.subarray(0, 200) }, { requireQuality: true })).rejects.toMatchObject({
      code: 'IMAGE_CORRUPT',
      httpStatus: 422,
    });
  });
});
