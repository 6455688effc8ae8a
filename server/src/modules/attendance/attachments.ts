import path from 'node:path';
import sharp from 'sharp';
import { AppError } from '../../shared/app-error.ts';

/** A scanned certificate or a phone photo of one fits; a whole file of scans does not. */
export const MAX_ATTACHMENT_BYTES = 2 * 1024 * 1024;

export interface AttachmentInput {
  fileName: string;
  /** base64, optionally as a data URL (its declared type is ignored: the bytes decide). */
  content: string;
}

export interface CheckedAttachment {
  fileName: string;
  mediaType: 'application/pdf' | 'image/jpeg';
  bytes: Uint8Array;
}

/**
 * A justification's proof: a PDF or a JPEG, at most MAX_ATTACHMENT_BYTES. The type comes from the
 * content, never from the name: a PDF starts with `%PDF-` and ends with `%%EOF` (ISO 32000-1
 * §7.5.2, §7.5.5); a JPEG must be one sharp (libjpeg) can read.
 */
export async function checkAttachment(input: AttachmentInput): Promise<CheckedAttachment> {
  const clean = input.content.replace(/^data:[^,]*,/, '');
  if (!/^[A-Za-z0-9+/=\s]*$/.test(clean)) throw new AppError('ATTACHMENT_ENCODING_INVALID', 'El comprobante debe venir codificado en base64.', 400);
  const bytes = new Uint8Array(Buffer.from(clean, 'base64'));
  if (bytes.length === 0) throw new AppError('ATTACHMENT_EMPTY', 'El comprobante está vacío.', 400);
  if (bytes.length > MAX_ATTACHMENT_BYTES) {
    throw new AppError('ATTACHMENT_TOO_LARGE', `El comprobante pesa ${megabytes(bytes.length)} MB; el máximo es ${megabytes(MAX_ATTACHMENT_BYTES)} MB.`, 413, {
      sizeBytes: bytes.length,
      maxBytes: MAX_ATTACHMENT_BYTES,
    });
  }
  const fileName = [...path.basename(input.fileName.replaceAll('\\', '/'))].filter((c) => c >= ' ' && c !== '"').join('').slice(0, 120) || 'comprobante';
  const head = Buffer.from(bytes.subarray(0, 5)).toString('latin1');
  if (head === '%PDF-' && Buffer.from(bytes.subarray(Math.max(0, bytes.length - 1024))).toString('latin1').includes('%%EOF')) {
    return { fileName, mediaType: 'application/pdf', bytes };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff && (await isJpeg(bytes))) return { fileName, mediaType: 'image/jpeg', bytes };
  throw new AppError('ATTACHMENT_TYPE_INVALID', 'El comprobante debe ser un archivo PDF o una imagen JPEG.', 415);
}

async function isJpeg(bytes: Uint8Array): Promise<boolean> {
  try {
    return (await sharp(bytes).metadata()).format === 'jpeg';
  } catch {
    return false;
  }
}

function megabytes(n: number): string {
  return (n / 1024 / 1024).toLocaleString('es-MX', { maximumFractionDigits: 1 });
}
