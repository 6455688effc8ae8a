import { describe, expect, it } from 'vitest';
import {
  TEMPLATE_UNSUPPORTED,
  decodeAnyTemplate,
  detectTemplateFormat,
  encodeAnsi378,
  encodeAnsi378_2009,
  encodeIso19794_2,
  encodeIso19794_2_2011,
  encodeTemplate,
} from './index.ts';
import { BiometricError } from '../errors.ts';
import { MAX_MINUTIAE } from '../fingerprint/matcher-parameters.ts';
import type { FingerprintTemplate, Minutia } from '../fingerprint/types.ts';
import { FIXTURE_TEMPLATE, expectBiometricError } from './test-support.ts';

describe('detectTemplateFormat', () => {
  it('names each format from its own bytes', () => {
    expect(detectTemplateFormat(encodeTemplate(FIXTURE_TEMPLATE))).toBe('compact');
    expect(detectTemplateFormat(encodeIso19794_2(FIXTURE_TEMPLATE))).toBe('iso19794-2-2005');
    expect(detectTemplateFormat(encodeAnsi378(FIXTURE_TEMPLATE))).toBe('ansi378-2004');
  });

  it('tells ISO from ANSI for empty and large records alike', () => {
    const empty = { width: 10, height: 10, minutiae: [] };
    expect(detectTemplateFormat(encodeIso19794_2(empty))).toBe('iso19794-2-2005');
    expect(detectTemplateFormat(encodeAnsi378(empty))).toBe('ansi378-2004');
  });

  it('answers unknown for other data, other versions and short input', () => {
    expect(detectTemplateFormat(new Uint8Array())).toBe('unknown');
    expect(detectTemplateFormat(new TextEncoder().encode('FMR\0 20\0'))).toBe('unknown');
    expect(detectTemplateFormat(new Uint8Array([0x46, 0x4d, 0x52, 0, 0x30, 0x34, 0x30, 0, 0, 0, 0, 0x30]))).toBe('unknown');
    expect(detectTemplateFormat(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0, 0, 0, 0, 0, 0, 0]))).toBe('unknown');
  });
});

describe('decodeAnyTemplate', () => {
  it('decodes each format to the same minutiae', () => {
    for (const bytes of [
      encodeTemplate(FIXTURE_TEMPLATE),
      encodeIso19794_2(FIXTURE_TEMPLATE),
      encodeAnsi378(FIXTURE_TEMPLATE),
      encodeIso19794_2_2011(FIXTURE_TEMPLATE),
      encodeAnsi378_2009(FIXTURE_TEMPLATE),
      encodeAnsi378_2009(FIXTURE_TEMPLATE, { amendment1: true }),
    ]) {
      const { templates } = decodeAnyTemplate(bytes);
      expect(templates).toHaveLength(1);
      expect(templates[0].minutiae.map((m) => [m.x, m.y, m.type, m.quality])).toEqual(
        FIXTURE_TEMPLATE.minutiae.map((m) => [m.x, m.y, m.type, m.quality]),
      );
    }
    expect(decodeAnyTemplate(encodeAnsi378(FIXTURE_TEMPLATE)).format).toBe('ansi378-2004');
  });

  it('reports unrecognised data as unsupported', () => {
    expectBiometricError(() => decodeAnyTemplate(new Uint8Array([1, 2, 3])), [TEMPLATE_UNSUPPORTED]);
  });

  it('names the version of a finger minutiae record it cannot read', () => {
    const future = encodeAnsi378_2009(FIXTURE_TEMPLATE);
    future.set([0x30, 0x34, 0x30], 4); // "040"
    let thrown: unknown;
    try {
      decodeAnyTemplate(future);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(BiometricError);
    expect((thrown as BiometricError).code).toBe(TEMPLATE_UNSUPPORTED);
    expect((thrown as BiometricError).message).toContain('versión «040»');
  });

  it('keeps the best minutiae, not the first in file order, when a record exceeds the matcher', () => {
    // 200 minutiae in file order: the first 150 of quality 20, then 50 of quality 90.
    const minutiae: Minutia[] = Array.from({ length: 200 }, (_, i) => ({
      x: 20 + (i % 20) * 20,
      y: 20 + Math.floor(i / 20) * 30,
      direction: 0,
      type: 'ending' as const,
      quality: i < 150 ? 20 : 90,
    }));
    const template: FingerprintTemplate = { width: 500, height: 500, minutiae };
    for (const bytes of [encodeIso19794_2_2011(template), encodeAnsi378_2009(template), encodeTemplate(template)]) {
      const [kept] = decodeAnyTemplate(bytes).templates;
      expect(kept.minutiae).toHaveLength(MAX_MINUTIAE);
      expect(kept.minutiae.filter((m) => m.quality === 90)).toHaveLength(50);
    }
  });

  it('among equal qualities keeps the minutiae nearest the centre of the print', () => {
    const ring = (radius: number, n: number): Minutia[] =>
      Array.from({ length: n }, (_, i) => ({
        x: Math.round(250 + radius * Math.cos((2 * Math.PI * i) / n)),
        y: Math.round(250 + radius * Math.sin((2 * Math.PI * i) / n)),
        direction: 0,
        type: 'bifurcation' as const,
        quality: 0,
      }));
    // The outer ring comes first in the file; the inner 128 must be the ones kept.
    const template = { width: 500, height: 500, minutiae: [...ring(230, 72), ...ring(60, 64), ...ring(120, 64)] };
    const [kept] = decodeAnyTemplate(encodeIso19794_2(template)).templates;
    expect(kept.minutiae).toHaveLength(MAX_MINUTIAE);
    expect(Math.max(...kept.minutiae.map((m) => Math.hypot(m.x - 250, m.y - 250)))).toBeLessThan(130);
  });
});
