import 'reflect-metadata'; // @peculiar/x509's dependency injection (tsyringe) needs it before it loads
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import * as pkijs from 'pkijs';

/**
 * pkijs and @peculiar/x509 both work over a WebCrypto implementation; Node's own (node:crypto
 * webcrypto) is the one we trust, so both are pointed at it once, on first import.
 */
export const crypto = webcrypto;
export type CryptoKey = webcrypto.CryptoKey;
export type CryptoKeyPair = webcrypto.CryptoKeyPair;
// pkijs and @peculiar/x509 are typed against the DOM's Crypto, which Node's implements.
pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: crypto as never }));
x509.cryptoProvider.set(crypto as never);

/** RSASSA-PKCS1-v1_5 with SHA-256: what OpenSSL, poppler (pdfsig) and every TSA read. */
export const SIGNING_ALGORITHM = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

export async function sha256(data: Uint8Array | ArrayBuffer): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', data));
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** A fresh ArrayBuffer holding exactly `bytes` (pkijs wants ArrayBuffers, not views). */
export function arrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
