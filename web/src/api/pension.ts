/** Wire types of /api/pension read by the staff portals: the Static types of server/src/modules/pension/schema.ts (type-only). */
export type { StaffPensionerRow } from '../../../server/src/modules/pension/schema.ts';
