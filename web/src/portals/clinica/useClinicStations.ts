import { useQuery } from '@tanstack/react-query';
import { useSession } from '../../session/SessionProvider.tsx';
import type { Station } from '../../api/biometrics.ts';
import type { ClinicView, StationClinicResponse } from '../../api/insured.ts';

export type StationWithClinic = Station & { clinic: ClinicView };

/** The stations that stand in a clinic (kiosks, reception), with their clinic. */
export function useClinicStations() {
  const { client } = useSession();
  return useQuery({ queryKey: ['care', 'clinic-stations'], queryFn: async () => {
    const stations = await client.get<Station[]>('/api/biometrics/stations');
    const located = await Promise.all(stations.map(async (s) => ({ ...s, clinic: (await client.get<StationClinicResponse>(`/api/care/stations/${s.id}/clinic`)).clinic })));
    return located.filter((s): s is StationWithClinic => s.clinic !== null);
  } });
}
