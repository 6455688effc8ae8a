import type { Generated } from 'kysely';

export type KioskStatus = 'pendiente' | 'vinculado' | 'revocado';

/** A browser that asked to be a kiosk: pending with a code, then paired to a station, or revoked. */
export interface KioskDevicesTable {
  id: Generated<string>;
  pairing_code: string;
  public_key: string;
  /** SHA-256 of the `siap_kiosk` cookie token. */
  token_hash: string;
  status: KioskStatus;
  station_id: string | null;
  user_agent: string | null;
  created_at: Generated<Date>;
  expires_at: Date;
  approved_by: string | null;
  approved_at: Date | null;
  revoked_at: Date | null;
  last_seen_at: Date | null;
}

export interface KioskTables {
  kiosk_devices: KioskDevicesTable;
}
