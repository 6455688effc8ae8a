import type { ProofOutcome } from '../../../server/src/modules/pension/schema.ts';
import type { ApiClient } from './client.ts';
import type { FingerProbe } from './biometrics.ts';

/** A proof of life recorded at a clinic (server/src/modules/pension/schema.ts ProofOutcome, type-only). */
export type ClinicProofOutcome = ProofOutcome;

export function pensionClinicApi(client: ApiClient) {
  return {
    record: (input: { curp: string; stationId: string; fingerReaderId: string; fingers: FingerProbe[] }) =>
      client.post<ClinicProofOutcome>('/api/pension/clinic/proofs', input),
    /** The constancia's PDF, for the operator to print or hand over. */
    constanciaUrl: (folio: string) => `/api/pension/clinic/constancias/${encodeURIComponent(folio)}`,
  };
}
