import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '../../shared/app-error.ts';

/**
 * AES-256-GCM envelope encryption (NIST SP 800-38D), the layout of one biometric_blobs row:
 *
 *   wrapped_key = nonce(12) ‖ tag(16) ‖ AES-GCM_KEK(data key, 32 bytes)
 *   ciphertext  = nonce(12) ‖ tag(16) ‖ AES-GCM_DEK(plaintext)
 *
 * A fresh random data key per record means one leaked data key exposes one record, and rotating
 * the KEK only re-wraps 60 bytes per row instead of re-encrypting every template. Random 96-bit
 * nonces are safe here: each data key encrypts exactly one message, each KEK wraps far fewer than
 * the 2^32 messages SP 800-38D allows per key with random nonces.
 *
 * The associated data binds each ciphertext to its row id and kind, so copying one person's
 * encrypted template into another person's row fails authentication instead of decrypting.
 */
const NONCE = 12;
const TAG = 16;
export const DATA_KEY_BYTES = 32;

export interface Sealed {
  wrappedKey: Buffer;
  ciphertext: Buffer;
}

export function seal(plaintext: Uint8Array, kek: Buffer, aad: string): Sealed {
  const dataKey = randomBytes(DATA_KEY_BYTES);
  try {
    return { wrappedKey: gcmEncrypt(kek, dataKey, `key:${aad}`), ciphertext: gcmEncrypt(dataKey, plaintext, `data:${aad}`) };
  } finally {
    dataKey.fill(0);
  }
}

export function open(sealed: Sealed, kek: Buffer, aad: string): Buffer {
  const dataKey = unwrapKey(sealed.wrappedKey, kek, aad);
  try {
    return gcmDecrypt(dataKey, sealed.ciphertext, `data:${aad}`);
  } finally {
    dataKey.fill(0);
  }
}

export function unwrapKey(wrappedKey: Buffer, kek: Buffer, aad: string): Buffer {
  return gcmDecrypt(kek, wrappedKey, `key:${aad}`);
}

/** Same data key, wrapped under another KEK: what key rotation does to every row. */
export function rewrapKey(wrappedKey: Buffer, fromKek: Buffer, toKek: Buffer, aad: string): Buffer {
  const dataKey = unwrapKey(wrappedKey, fromKek, aad);
  try {
    return gcmEncrypt(toKek, dataKey, `key:${aad}`);
  } finally {
    dataKey.fill(0);
  }
}

function gcmEncrypt(key: Buffer, plaintext: Uint8Array, aad: string): Buffer {
  const nonce = randomBytes(NONCE);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([nonce, cipher.getAuthTag(), body]);
}

function gcmDecrypt(key: Buffer, sealed: Uint8Array, aad: string): Buffer {
  const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  if (bytes.length < NONCE + TAG) throw integrityError();
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, NONCE), { authTagLength: TAG });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(bytes.subarray(NONCE, NONCE + TAG));
    return Buffer.concat([decipher.update(bytes.subarray(NONCE + TAG)), decipher.final()]);
  } catch {
    throw integrityError();
  }
}

function integrityError(): AppError {
  return new AppError(
    'BIOMETRIC_INTEGRITY_ERROR',
    'Un registro biométrico cifrado no pudo descifrarse: la clave no corresponde o el dato fue alterado.',
    500,
  );
}
