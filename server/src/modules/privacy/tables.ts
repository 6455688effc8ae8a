import type { Generated } from 'kysely';

/**
 * What a consent is about. `datos_biometricos` is the express, separate consent for sensitive
 * biometric data (face, fingerprints); the privacy work adds its own scopes to this list.
 */
export type ConsentScope = 'datos_biometricos';
/** Where the person gave it: their own portal, or a capture station with an operator. */
export type ConsentChannel = 'portal' | 'estacion';

/** One decision (grant or revocation): rows are only added, the newest per scope counts. */
export interface ConsentsTable {
  id: Generated<string>;
  /** Order of decisions (the newest per person and scope counts). */
  seq: Generated<number>;
  person_id: string;
  scope: ConsentScope;
  granted: boolean;
  notice_version: string;
  notice_sha256: string;
  channel: ConsentChannel;
  /** `account:<id>` of whoever recorded it (the person themself on the portal, the operator at a station). */
  recorded_by: string;
  station_id: string | null;
  recorded_at: Date;
}

export interface PrivacyTables {
  consents: ConsentsTable;
}
