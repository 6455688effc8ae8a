import type { FingerprintTemplate } from '../fingerprint/types.ts';
import { guardDecode, unsupported } from './bytes.ts';
import { decodeAnsi378 } from './ansi378-2004.ts';
import { decodeTemplate } from './compact.ts';
import { detectTemplateFormat, type TemplateFormat } from './detect.ts';
import { decodeIso19794_2 } from './iso19794-2-2005.ts';

export interface DecodedAnyTemplate {
  format: Exclude<TemplateFormat, 'unknown'>;
  /** One template per finger view, at 500 dpi (the compact format always holds one). */
  templates: FingerprintTemplate[];
}

/** Decodes a template in any supported format, for imports where the sender's format is not known. */
export function decodeAnyTemplate(bytes: Uint8Array): DecodedAnyTemplate {
  return guardDecode(bytes, (b) => {
    const format = detectTemplateFormat(b);
    switch (format) {
      case 'compact':
        return { format, templates: [decodeTemplate(b)] };
      case 'iso19794-2-2005':
        return { format, templates: decodeIso19794_2(b).views.map((v) => v.template) };
      case 'ansi378-2004':
        return { format, templates: decodeAnsi378(b).views.map((v) => v.template) };
      default:
        throw unsupported('unrecognised template format');
    }
  });
}
