import type { FingerprintTemplate } from '../fingerprint/types.ts';
import { MAX_MINUTIAE } from '../fingerprint/matcher-parameters.ts';
import { guardDecode } from './bytes.ts';
import { decodeAnsi378 } from './ansi378-2004.ts';
import { decodeAnsi378_2009 } from './ansi378-2009.ts';
import { keepBestMinutiae } from './capacity.ts';
import { decodeTemplate } from './compact.ts';
import { detectTemplateFormat, unrecognisedFormat, type TemplateFormat } from './detect.ts';
import { decodeIso19794_2 } from './iso19794-2-2005.ts';
import { decodeIso19794_2_2011 } from './iso19794-2-2011.ts';

export interface DecodedAnyTemplate {
  format: Exclude<TemplateFormat, 'unknown'>;
  /**
   * One template per finger view, at 500 dpi (the compact format always holds one), each holding
   * at most the matcher's MAX_MINUTIAE minutiae: the best ones when the record has more
   * (keepBestMinutiae).
   */
  templates: FingerprintTemplate[];
}

/** Decodes a template in any supported format, for imports where the sender's format is not known. */
export function decodeAnyTemplate(bytes: Uint8Array): DecodedAnyTemplate {
  return guardDecode(bytes, (b) => {
    const format = detectTemplateFormat(b);
    const fit = (templates: FingerprintTemplate[]) => templates.map((t) => keepBestMinutiae(t, MAX_MINUTIAE));
    switch (format) {
      case 'compact':
        return { format, templates: fit([decodeTemplate(b)]) };
      case 'iso19794-2-2005':
        return { format, templates: fit(decodeIso19794_2(b).views.map((v) => v.template)) };
      case 'ansi378-2004':
        return { format, templates: fit(decodeAnsi378(b).views.map((v) => v.template)) };
      case 'iso19794-2-2011':
        return { format, templates: fit(decodeIso19794_2_2011(b).views.map((v) => v.template)) };
      case 'ansi378-2009':
      case 'ansi378-2009am1':
        return { format, templates: fit(decodeAnsi378_2009(b).views.map((v) => v.template)) };
      default:
        throw unrecognisedFormat(b);
    }
  });
}
