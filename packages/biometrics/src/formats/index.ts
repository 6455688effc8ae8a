/**
 * Template codecs: our compact checksummed format, ISO/IEC 19794-2 (2005, 2011) and ANSI/INCITS
 * 378 (2004, 2009, 2009 Amendment 1) finger minutiae records. Decoders never throw anything but
 * BiometricError with code TEMPLATE_CORRUPT or TEMPLATE_UNSUPPORTED (whose message names the
 * format or version found); encoders throw TEMPLATE_INVALID for templates the format cannot carry.
 */
export { encodeTemplate, decodeTemplate, COMPACT_VERSION } from './compact.ts';
export { encodeIso19794_2, decodeIso19794_2 } from './iso19794-2-2005.ts';
export type { IsoEncodeOptions, IsoMinutiaeRecord } from './iso19794-2-2005.ts';
export { encodeIso19794_2_2011, decodeIso19794_2_2011 } from './iso19794-2-2011.ts';
export type { Iso2011EncodeOptions, Iso2011MinutiaeRecord, Iso2011FingerView } from './iso19794-2-2011.ts';
export { encodeAnsi378, decodeAnsi378 } from './ansi378-2004.ts';
export type { AnsiEncodeOptions, AnsiMinutiaeRecord } from './ansi378-2004.ts';
export { encodeAnsi378_2009, decodeAnsi378_2009 } from './ansi378-2009.ts';
export type { Ansi2009EncodeOptions, Ansi2009MinutiaeRecord } from './ansi378-2009.ts';
export { IBIA_UNKNOWN_ORGANIZATION } from './cbeff.ts';
export type { CbeffProductId } from './cbeff.ts';
export { keepBestMinutiae } from './capacity.ts';
export { detectTemplateFormat, describeFormat, FORMAT_NAMES } from './detect.ts';
export type { TemplateFormat } from './detect.ts';
export { PIXELS_PER_CM_500_DPI } from './minutiae-record.ts';
export type { FingerView, DecodedFingerView, DecodedMinutiaeRecord, CaptureEquipment } from './minutiae-record.ts';
export { TEMPLATE_CORRUPT, TEMPLATE_UNSUPPORTED, TEMPLATE_INVALID } from './bytes.ts';
export { decodeAnyTemplate } from './decode-any.ts';
export type { DecodedAnyTemplate } from './decode-any.ts';
