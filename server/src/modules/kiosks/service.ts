import { createHash, createPublicKey, randomBytes, randomInt } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import type { KioskContext } from '../../http/kiosk-session.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import type { AttendanceService } from '../attendance/service.ts';
import type { Actor, AuditService } from '../audit/service.ts';
import type { AccountsService } from '../accounts/service.ts';
import type { EnrollmentService } from '../enrollment/service.ts';
import type { ReadersService } from '../readers/service.ts';
import * as repository from './repository.ts';
import type { KioskStatus } from './tables.ts';

/** A pairing code waits this long for an admin; the kiosk then asks for a new one. */
export const PAIRING_TTL_MS = 15 * 60_000;
/** A paired kiosk's session: long, because nobody logs a kiosk in again; an admin revokes it. */
export const KIOSK_SESSION_TTL_MS = 180 * 24 * 3_600_000;
/** No 0/O, 1/I/L: the code is read off a screen and typed by someone else. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 8;

export interface KioskDeviceView {
  id: string;
  /** As shown on the kiosk: XXXX-XXXX. */
  code: string;
  status: KioskStatus;
  station: { id: string; code: string; name: string } | null;
  createdAt: string;
  expiresAt: string;
  approvedAt: string | null;
  lastSeenAt: string | null;
  userAgent: string | null;
}

export interface KiosksDeps {
  db: Db;
  audit: AuditService;
  readers: ReadersService;
  attendance: AttendanceService;
  accounts: AccountsService;
  enrollment: EnrollmentService;
  clock: Clock;
}

/**
 * Kiosk pairing: a browser opened at `/kiosco` makes its Ed25519 key, asks for a pairing code and
 * shows it; an admin types the code in the portal and picks the station; the server registers the
 * kiosk's key for that station (attendance module) and the browser's cookie becomes a station
 * session with kiosk rights only. Nobody handles a key or calls the API by hand.
 */
export class KiosksService {
  constructor(private readonly deps: KiosksDeps) {}

  async requestPairing(publicKey: string, userAgent: string | null): Promise<{ token: string; device: KioskDeviceView }> {
    assertEd25519(publicKey);
    const { db, audit, clock } = this.deps;
    const now = clock();
    const token = randomBytes(32).toString('base64url');
    const row = await db.transaction().execute(async (trx) => {
      const inserted = await repository.insertDevice(trx, {
        pairing_code: newCode(),
        public_key: publicKey,
        token_hash: hashToken(token),
        status: 'pendiente',
        station_id: null,
        user_agent: userAgent?.slice(0, 300) ?? null,
        expires_at: new Date(now.getTime() + PAIRING_TTL_MS),
      });
      await audit.record(trx, { actor: 'anonymous', action: 'kiosk.pairing.requested', subject: `kiosk:${inserted.id}`, purpose: 'vinculación de quioscos de asistencia' });
      return inserted;
    });
    return { token, device: await this.view(row) };
  }

  /** What the kiosk's own cookie stands for (pending, paired or revoked); null when unknown. */
  async ownStatus(token: string): Promise<KioskDeviceView | null> {
    const row = await repository.findByTokenHash(this.deps.db, hashToken(token));
    if (!row) return null;
    const now = this.deps.clock();
    if (row.status === 'vinculado' && row.expires_at > now) await repository.touch(this.deps.db, row.id, now);
    return this.view(row);
  }

  /** The station session behind a kiosk cookie; null unless paired, live and not revoked. */
  async resolve(token: string): Promise<KioskContext | null> {
    if (token.length > 100) return null;
    const row = await repository.findByTokenHash(this.deps.db, hashToken(token));
    if (!row || row.status !== 'vinculado' || !row.station_id || row.expires_at <= this.deps.clock()) return null;
    return { deviceId: row.id, stationId: row.station_id };
  }

  async approve(codeInput: string, stationId: string, actor: Actor): Promise<KioskDeviceView> {
    const { db, audit, clock, readers, attendance } = this.deps;
    const code = normalizeCode(codeInput);
    if (!(await readers.stationExists(stationId))) throw new AppError('STATION_NOT_FOUND', 'La estación no existe.', 404);
    const now = clock();
    const row = await db.transaction().execute(async (trx) => {
      const pending = await repository.lockPendingByCode(trx, code, now);
      if (!pending) throw new AppError('PAIRING_CODE_UNKNOWN', 'No hay un quiosco esperando con ese código, o el código ya venció. Revise el código que muestra el quiosco.', 404);
      const approved = { status: 'vinculado' as const, station_id: stationId, approved_by: actor, approved_at: now, expires_at: new Date(now.getTime() + KIOSK_SESSION_TTL_MS) };
      await repository.update(trx, pending.id, approved);
      const replaced = await repository.revokePairedAt(trx, stationId, pending.id, now);
      await audit.record(trx, {
        actor,
        action: 'kiosk.pairing.approved',
        subject: `kiosk:${pending.id}`,
        purpose: 'vinculación de quioscos de asistencia',
        details: { stationId, replacedKiosks: replaced },
      });
      return { ...pending, ...approved };
    });
    // The attendance module owns the station's kiosk key; the kiosk signs every reading with it.
    await attendance.registerKioskKey(stationId, row.public_key, actor);
    return this.view(row);
  }

  async list(): Promise<KioskDeviceView[]> {
    const rows = await repository.listVisible(this.deps.db, this.deps.clock());
    const stations = await this.stationsById();
    return rows.map((row) => toView(row, stations));
  }

  async revoke(id: string, actor: Actor): Promise<KioskDeviceView> {
    const { db, audit, clock } = this.deps;
    const now = clock();
    const row = await db.transaction().execute(async (trx) => {
      const device = await repository.lockById(trx, id);
      if (!device) throw new AppError('KIOSK_NOT_FOUND', 'El quiosco no existe.', 404);
      await repository.update(trx, id, { status: 'revocado', revoked_at: now });
      await audit.record(trx, { actor, action: 'kiosk.revoked', subject: `kiosk:${id}`, purpose: 'vinculación de quioscos de asistencia', details: { stationId: device.station_id } });
      return { ...device, status: 'revocado' as const, revoked_at: now };
    });
    return this.view(row);
  }

  /**
   * Whether the staff member behind a matrícula has a face enrolled: the kiosk offers the face
   * only then. Unknown matrículas answer false (the finger attempt reports MATRICULA_UNKNOWN).
   */
  async faceEnrolled(input: { matricula: string; ooadCode: string | null; stationId: string }, actor: Actor): Promise<boolean> {
    const station = (await this.deps.readers.listStations()).find((s) => s.id === input.stationId);
    const ooadCode = station?.ooadCode ?? input.ooadCode;
    if (!station || !ooadCode) return false;
    let personId: string | null;
    try {
      personId = await this.deps.accounts.staffPersonId(ooadCode, input.matricula);
    } catch {
      return false;
    }
    if (!personId) return false;
    return (await this.deps.enrollment.enrolledModalities(personId, { actor, purpose: 'quiosco de asistencia: ofrecer el rostro solo si está registrado' })).face;
  }

  private async view(row: repository.KioskDeviceRow): Promise<KioskDeviceView> {
    return toView(row, row.station_id ? await this.stationsById() : new Map());
  }

  private async stationsById(): Promise<Map<string, { id: string; code: string; name: string }>> {
    const stations = await this.deps.readers.listStations();
    return new Map(stations.map((s) => [s.id, { id: s.id, code: s.code, name: s.name }]));
  }
}

function toView(row: repository.KioskDeviceRow, stations: Map<string, { id: string; code: string; name: string }>): KioskDeviceView {
  return {
    id: row.id,
    code: formatCode(row.pairing_code),
    status: row.status,
    station: row.station_id ? (stations.get(row.station_id) ?? null) : null,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    approvedAt: row.approved_at?.toISOString() ?? null,
    lastSeenAt: row.last_seen_at?.toISOString() ?? null,
    userAgent: row.user_agent,
  };
}

function newCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i += 1) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

export function formatCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** What a person types: any case, with or without the dash or spaces. */
export function normalizeCode(input: string): string {
  return input.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function assertEd25519(publicKey: string): void {
  try {
    const key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType === 'ed25519') return;
  } catch {
    // Reported below, like a key of another type.
  }
  throw new AppError('KIOSK_KEY_INVALID', 'La llave pública del quiosco debe ser una llave Ed25519 (SPKI DER en base64).', 400);
}
