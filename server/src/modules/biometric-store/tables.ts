import type { Generated } from 'kysely';

/** What a sealed row holds; `justification_attachment` is a justification's proof (PDF/JPEG), migration 0007. */
export type BlobKind = 'fingerprint_template' | 'face_template' | 'fingerprint_image' | 'face_image' | 'justification_attachment';

/** One encrypted biometric record (envelope encryption; see envelope.ts for the byte layout). */
export interface BiometricBlobsTable {
  /** Chosen by the store before encrypting: it is bound into the ciphertext as associated data. */
  id: string;
  kind: BlobKind;
  /** Which key-encryption key wraps this row's data key. */
  kek_id: string;
  wrapped_key: Uint8Array;
  ciphertext: Uint8Array;
  created_at: Generated<Date>;
  rewrapped_at: Date | null;
  expires_at: Date | null;
  /** Crypto-shredding (privacy erasure): the wrapped data key was destroyed at this time. */
  shredded_at: Generated<Date | null>;
}

export interface BiometricStoreTables {
  biometric_blobs: BiometricBlobsTable;
}
