import type { Generated } from 'kysely';
import type { Modality } from '../readers/tables.ts';

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
  verification_grants: VerificationGrantsTable;
}
