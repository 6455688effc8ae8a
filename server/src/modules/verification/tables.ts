import type { ColumnType, Generated } from 'kysely';
import type { Modality } from '../readers/tables.ts';

type Json<T> = ColumnType<T, string, string>;

/** A server-issued active liveness challenge (issue 19, item 2). */
export interface LivenessChallengesTable {
  id: Generated<string>;
  person_id: string;
  purpose: string;
  nonce: string;
  steps: Json<string[]>;
  signature: string;
  issued_by: string;
  issued_at: Date;
  expires_at: Date;
  /** Set once, by the request that consumes the challenge, whatever its outcome. */
  used_at: Date | null;
  used_by: string | null;
  /** What the evaluation found: challenge decision and reasons, passive PAD scores. */
  result: Json<Record<string, unknown>> | null;
}

/**
 * A verification grant: the server matched this person at this station for this purpose. Issued
 * only by VerificationService after a match, valid for a short time and consumed once (an
 * attendance check-in carries its id instead of a score the client chose).
 */
export interface VerificationGrantsTable {
  id: Generated<string>;
  person_id: string;
  station_id: string;
  purpose: string;
  method: Modality;
  score: number;
  /** The actor (kiosk's account) that asked for the verification: only it may use the grant. */
  issued_to: string;
  issued_at: Date;
  expires_at: Date;
  used_at: Date | null;
}

export interface VerificationTables {
  liveness_challenges: LivenessChallengesTable;
  verification_grants: VerificationGrantsTable;
}
