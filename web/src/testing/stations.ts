import type { Reader } from '../api/biometrics.ts';

/** A reader as the stations list answers it (disconnected, never seen). */
export function testReader(stationId: string, id: string, name: string, driver: Reader['driver'], modality: Reader['modality']): Reader {
  return { id, stationId, name, driver, modality, connected: false, lastSeenAt: null };
}
