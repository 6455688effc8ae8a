/**
 * Template codecs: our compact checksummed format, ISO/IEC 19794-2:2005 and ANSI/INCITS
 * 378-2004 finger minutiae records. Decoders never throw anything but BiometricError with code
 * TEMPLATE_CORRUPT or TEMPLATE_UNSUPPORTED; encoders throw TEMPLATE_INVALID for templates the
 * format cannot carry.
 */
export { encodeTemplate, decodeTemplate, COMPACT_VERSION } from './compact.ts';
export { encodeIso19794_2, decodeIso19794_2 } from './iso19794-2-2005.ts';
export type { IsoEncodeOptions, IsoMinutiaeRecord } from './iso19794-2-2005.ts';
export { encodeAnsi378, decodeAnsi378 } from './ansi378-2004.ts';
export type { AnsiEncodeOptions, AnsiMinutiaeRecord, CbeffProductId } from './ansi378-2004.ts';
export { detectTemplateFormat } from './detect.ts';
export type { TemplateFormat } from './detect.ts';
export { PIXELS_PER_CM_500_DPI } from './minutiae-record.ts';
export type { FingerView, DecodedFingerView, DecodedMinutiaeRecord, CaptureEquipment } from './minutiae-record.ts';
export { TEMPLATE_CORRUPT, TEMPLATE_UNSUPPORTED, TEMPLATE_INVALID } from './bytes.ts';
export { decodeAnyTemplate } from './decode-any.ts';
export type { DecodedAnyTemplate } from './decode-any.ts';
