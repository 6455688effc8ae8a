import { describe, expect, it } from 'vitest';
import { TEMPLATE_UNSUPPORTED, decodeAnyTemplate, detectTemplateFormat, encodeAnsi378, encodeIso19794_2, encodeTemplate } from './index.ts';
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
    expect(detectTemplateFormat(new Uint8Array([0x46, 0x4d, 0x52, 0, 0x30, 0x33, 0x30, 0, 0, 0, 0, 0x30]))).toBe('unknown');
    expect(detectTemplateFormat(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0, 0, 0, 0, 0, 0, 0]))).toBe('unknown');
  });
});

describe('decodeAnyTemplate', () => {
  it('decodes each format to the same minutiae', () => {
    for (const bytes of [encodeTemplate(FIXTURE_TEMPLATE), encodeIso19794_2(FIXTURE_TEMPLATE), encodeAnsi378(FIXTURE_TEMPLATE)]) {
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
});
