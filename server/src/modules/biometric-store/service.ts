import { hkdfSync, randomUUID } from 'node:crypto';
import type { SelectQueryBuilder, Transaction } from 'kysely';
import type { Db, Executor } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../shared/app-error.ts';
import { systemClock, type Clock } from '../../shared/clock.ts';
import type { Actor, AuditEntry, AuditService } from '../audit/service.ts';
import type { BiometricConfig } from './biometric-config.ts';
import { open, rewrapKey, seal } from './envelope.ts';
import * as repository from './repository.ts';
import type { BlobKind } from './tables.ts';

/** Who reads biometric data, about whom, and why: one audit entry per read. */
export interface BiometricAccess {
  actor: Actor;
  /** `person:<uuid>`, or a collective subject such as `biometric_gallery`. */
  subject: string;
  purpose: string;
}

export interface RotationResult {
  rewrapped: number;
  reencrypted: number;
  /** Rows per KEK id after the rotation. */
  byKek: Record<string, number>;
}

const ROTATION_BATCH = 200;

/**
 * Biometric bytes at rest: every template and image is sealed (envelope.ts) before it reaches the
 * database, and every read goes through `read`, which writes an audit entry in the same
 * transaction as the read, or `readUnrecorded`, whose caller records that entry with its result.
 * Nothing else in the server touches `biometric_blobs`.
 */
export class BiometricStore {
  constructor(
    private readonly config: Pick<BiometricConfig, 'keks' | 'activeKekId' | 'keepImages' | 'imageRetentionDays'>,
    private readonly audit: AuditService,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Encrypts and stores; returns the new row id. Images get the configured retention. */
  async put(trx: Transaction<Database>, kind: BlobKind, plaintext: Uint8Array): Promise<string> {
    const id = randomUUID();
    const kek = this.kek(this.config.activeKekId);
    const sealed = seal(plaintext, kek, aadOf(id, kind));
    const isImage = kind === 'fingerprint_image' || kind === 'face_image';
    await repository.insertBlob(trx, {
      id,
      kind,
      kek_id: this.config.activeKekId,
      wrapped_key: sealed.wrappedKey,
      ciphertext: sealed.ciphertext,
      rewrapped_at: null,
      expires_at: isImage ? new Date(this.clock().getTime() + this.config.imageRetentionDays * 86_400_000) : null,
    });
    return id;
  }

  /** Whether raw capture images are to be kept at all (BIOMETRIC_KEEP_IMAGES). */
  get keepsImages(): boolean {
    return this.config.keepImages;
  }

  /** Decrypts the rows named by `ids` (missing ones are absent from the map) and audits the read. */
  async read(trx: Transaction<Database>, ids: readonly string[], access: BiometricAccess): Promise<Map<string, Buffer>> {
    const { data, entry } = await this.readUnrecorded(trx, ids, access);
    if (entry) await this.audit.record(trx, entry);
    return data;
  }

  /**
   * Decrypts as `read` does but hands the read's audit entry back for the caller to record in the
   * transaction that records what it did with the data (a 1:1 verification's result), one
   * transaction instead of two. The caller must record it on every path, failures included.
   */
  async readUnrecorded(db: Executor, ids: readonly string[], access: BiometricAccess): Promise<{ data: Map<string, Buffer>; entry: AuditEntry | null }> {
    return this.decrypt(await repository.findBlobs(db, [...new Set(ids)]), access);
  }

  /**
   * As `readUnrecorded`, for the blobs a caller's own query names (its `blob_id` column), read with
   * that query in one statement: each of its rows comes back with the bytes of its blob (null when
   * it names none). For the busiest read, a 1:1 verification's subject, templates and their bytes.
   * Returns the reader, made once by the caller: its statement is compiled on first use.
   */
  readerBeside<Args extends unknown[], R extends { blob_id: string | null }>(
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any tables: the caller's query is only a subquery here
    named: (db: Executor, ...args: Args) => SelectQueryBuilder<Database, any, R>,
  ): (db: Executor, access: BiometricAccess, ...args: Args) => Promise<{ rows: Array<R & { data: Buffer | null }>; entry: AuditEntry | null }> {
    const find = repository.besideBlobs(named);
    return async (db, access, ...args) => {
      const found = await find(db, ...args);
      const blobs = new Map(found.flatMap(({ blob }) => (blob ? [[blob.id, blob] as const] : [])));
      const { data, entry } = this.decrypt([...blobs.values()], access);
      return { rows: found.map(({ named: row, blob }) => ({ ...row, data: blob ? data.get(blob.id)! : null })), entry };
    };
  }

  /** The rows' plaintext by id, and the audit entry of reading them (none when there are none). */
  private decrypt(rows: readonly repository.SealedBlob[], access: BiometricAccess): { data: Map<string, Buffer>; entry: AuditEntry | null } {
    const data = new Map<string, Buffer>();
    const kinds: Record<string, number> = {};
    for (const row of rows) {
      if (row.shredded_at) {
        throw new AppError('BIOMETRIC_KEY_DESTROYED', 'Este dato biométrico fue suprimido: su clave se destruyó y ya no puede leerse.', 410, { id: row.id });
      }
      data.set(row.id, open(toSealed(row), this.kek(row.kek_id), aadOf(row.id, row.kind)));
      kinds[row.kind] = (kinds[row.kind] ?? 0) + 1;
    }
    const entry: AuditEntry | null = rows.length > 0
      ? { actor: access.actor, action: 'biometrics.data.read', subject: access.subject, purpose: access.purpose, details: { records: rows.length, kinds } }
      : null;
    return { data, entry };
  }

  /** Images that became part of an enrollment live as long as its templates: no retention expiry. */
  async retain(trx: Transaction<Database>, ids: readonly string[]): Promise<void> {
    await repository.clearExpiry(trx, ids);
  }

  /**
   * Replaces a row's bytes in place (new data key, same id and kind): a template redone by a newer
   * extractor. The caller audits the change in the same transaction.
   */
  async replace(trx: Transaction<Database>, id: string, kind: BlobKind, plaintext: Uint8Array): Promise<void> {
    const sealed = seal(plaintext, this.kek(this.config.activeKekId), aadOf(id, kind));
    await repository.updateSealed(trx, id, { kek_id: this.config.activeKekId, wrapped_key: sealed.wrappedKey, ciphertext: sealed.ciphertext, rewrapped_at: this.clock() });
  }

  /**
   * Crypto-shredding: destroys the data key of every row (each row has its own key, so the
   * person's keys are exactly the keys of their rows). The ciphertext left behind — here and in
   * any backup taken after the KEK that wrapped those keys is retired — can never be decrypted.
   * The caller audits it in the same transaction. Returns the rows shredded now.
   */
  async shred(trx: Transaction<Database>, ids: readonly string[]): Promise<number> {
    return repository.shredKeys(trx, [...new Set(ids)], this.clock());
  }

  async remove(trx: Transaction<Database>, ids: readonly string[]): Promise<void> {
    await repository.deleteBlobs(trx, ids);
  }

  /**
   * Key rotation: every data key not yet under the active KEK is unwrapped with its old KEK and
   * wrapped under the active one; with `reencrypt`, every row also gets a new data key and a new
   * ciphertext. Batches commit one by one (each audited), so an interrupted rotation resumes
   * where it stopped: finished rows are no longer selected.
   */
  async rotate(db: Db, options: { reencrypt?: boolean; actor?: Actor } = {}): Promise<RotationResult> {
    const active = this.config.activeKekId;
    const activeKek = this.kek(active);
    let rewrapped = 0;
    let reencrypted = 0;
    let afterId: string | null = null;
    for (;;) {
      const done: { rows: number; last: string | null } = await db.transaction().execute(async (trx) => {
        const rows = await repository.pageForRotation(trx, { activeKekId: active, all: options.reencrypt === true, afterId, limit: ROTATION_BATCH });
        const now = this.clock();
        for (const row of rows) {
          const aad = aadOf(row.id, row.kind);
          if (options.reencrypt) {
            const plaintext = open(toSealed(row), this.kek(row.kek_id), aad);
            const sealed = seal(plaintext, activeKek, aad);
            plaintext.fill(0);
            await repository.updateSealed(trx, row.id, { kek_id: active, wrapped_key: sealed.wrappedKey, ciphertext: sealed.ciphertext, rewrapped_at: now });
            reencrypted++;
          } else {
            const wrapped = rewrapKey(Buffer.from(row.wrapped_key), this.kek(row.kek_id), activeKek, aad);
            await repository.updateSealed(trx, row.id, { kek_id: active, wrapped_key: wrapped, rewrapped_at: now });
            rewrapped++;
          }
        }
        if (rows.length > 0) {
          await this.audit.record(trx, {
            actor: options.actor ?? 'system',
            action: options.reencrypt ? 'biometrics.keys.reencrypted' : 'biometrics.keys.rewrapped',
            subject: 'biometric_blobs',
            purpose: 'rotación de la clave de cifrado de datos biométricos',
            details: { records: rows.length, activeKek: active },
          });
        }
        return { rows: rows.length, last: rows.at(-1)?.id ?? null };
      });
      if (done.rows < ROTATION_BATCH) break;
      afterId = options.reencrypt ? done.last : null;
    }
    return { rewrapped, reencrypted, byKek: await repository.countByKek(db) };
  }

  /** Deletes images past their retention (captures keep their templates; image references become null). */
  async purgeExpired(db: Db): Promise<number> {
    return db.transaction().execute(async (trx) => {
      const ids = await repository.expiredIds(trx, this.clock());
      if (ids.length === 0) return 0;
      await repository.deleteBlobs(trx, ids);
      await this.audit.record(trx, {
        actor: 'system',
        action: 'biometrics.images.purged',
        subject: 'biometric_blobs',
        purpose: 'plazo de conservación de imágenes biométricas vencido',
        details: { records: ids.length },
      });
      return ids.length;
    });
  }

  /**
   * The key the 1:N gallery's persisted pack (templates and their cylinders) is encrypted under:
   * derived from the active KEK, so a pack is unreadable without it and a key rotation simply
   * makes the next start rebuild the pack from the database.
   */
  galleryPackKey(): Buffer {
    return Buffer.from(hkdfSync('sha256', this.kek(this.config.activeKekId), Buffer.alloc(0), 'siap-biometrico/gallery-pack/1', 32));
  }

  private kek(id: string): Buffer {
    const key = this.config.keks.get(id);
    if (!key) {
      throw new AppError(
        'BIOMETRIC_KEY_MISSING',
        `Falta la clave de cifrado "${id}" en BIOMETRIC_KEKS: no se pueden leer los registros cifrados con ella.`,
        500,
        { kekId: id },
      );
    }
    return key;
  }
}

function aadOf(id: string, kind: BlobKind): string {
  return `siap-biometric-blob:v1:${kind}:${id}`;
}

function toSealed(row: repository.SealedBlob): { wrappedKey: Buffer; ciphertext: Buffer } {
  return { wrappedKey: Buffer.from(row.wrapped_key), ciphertext: Buffer.from(row.ciphertext) };
}
