import { useQuery } from '@tanstack/react-query';
import { useSession } from '../../session/SessionProvider.tsx';
import type { ClinicView } from '../../api/insured.ts';

export interface StationWithClinic {
  id: string;
  code: string;
  name: string;
  readers: Array<{ id: string; name: string; driver: string; modality: 'huella' | 'rostro' }>;
  clinic: ClinicView;
}

/** The stations that stand in a clinic (kiosks, reception), with their clinic. */
export function useClinicStations() {
  const { client } = useSession();
  return useQuery({ queryKey: ['care', 'clinic-stations'], queryFn: async () => {
    const stations = await client.get<Array<Omit<StationWithClinic, 'clinic'>>>('/api/biometrics/stations');
    const located = await Promise.all(stations.map(async (s) => ({ ...s, clinic: (await client.get<{ clinic: ClinicView | null }>(`/api/care/stations/${s.id}/clinic`)).clinic })));
    return located.filter((s): s is StationWithClinic => s.clinic !== null);
  } });
}
