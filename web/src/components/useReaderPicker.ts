import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { biometricsApi, type Reader, type Station } from '../api/biometrics.ts';
import { useSession } from '../session/SessionProvider.tsx';

export interface ReaderPickerOptions {
  /** The station offered until the operator picks one; the first station when omitted. */
  defaultStationId?: (stations: Station[]) => string | undefined;
  /** Which of the station's fingerprint readers the task can use (a live finger rules out the file reader). */
  fingerReaderFilter?: (reader: Reader) => boolean;
  /** Whether the station's cameras are offered too (enrollment takes the face). */
  withCamera?: boolean;
  /**
   * Readers may be left as «Ninguno» (enrollment may take fingers only, or the face only); otherwise
   * the first suitable reader is preselected, so a one-reader counter needs no click.
   */
  optional?: boolean;
}

export interface ReaderPickerState {
  stations: Station[];
  /** Why the stations could not be loaded, if they could not. */
  error: unknown;
  stationId: string;
  station: Station | null;
  setStationId: (id: string) => void;
  fingerReaders: Reader[];
  fingerReaderId: string;
  fingerReader: Reader | null;
  setFingerReaderId: (id: string) => void;
  withCamera: boolean;
  optional: boolean;
  faceReaders: Reader[];
  faceReaderId: string;
  faceReader: Reader | null;
  setFaceReaderId: (id: string) => void;
}

/** «Seleccionar Lector Biométrico»: the station's list and the operator's choice of station, fingerprint reader and camera. */
export function useReaderPicker(options: ReaderPickerOptions = {}): ReaderPickerState {
  const { defaultStationId, fingerReaderFilter, withCamera = false, optional = false } = options;
  const { client } = useSession();
  const api = useMemo(() => biometricsApi(client), [client]);
  const stationsQuery = useQuery({ queryKey: ['biometrics', 'stations'], queryFn: () => api.stations() });
  const stations = stationsQuery.data ?? [];
  // Until the operator picks one, the station offered by default.
  const [chosenStationId, setChosenStationId] = useState<string | null>(null);
  const wantedStationId = chosenStationId ?? (defaultStationId ? defaultStationId(stations) : stations[0]?.id);
  const station = stations.find((s) => s.id === wantedStationId) ?? null;
  // Never a value the list does not hold (before the list arrives, say): the select shows it empty.
  const stationId = station?.id ?? '';

  const fingerReaders = station?.readers.filter((r) => r.modality === 'huella' && (fingerReaderFilter?.(r) ?? true)) ?? [];
  const faceReaders = withCamera ? (station?.readers.filter((r) => r.modality === 'rostro') ?? []) : [];
  // A choice only stands while it is one of the station's readers; otherwise the default applies.
  const [chosenFingerId, setFingerReaderId] = useState<string | null>(null);
  const [chosenFaceId, setFaceReaderId] = useState<string | null>(null);
  const pick = (readers: Reader[], chosen: string | null) =>
    readers.find((r) => r.id === chosen) ?? (optional ? null : (readers[0] ?? null));
  const fingerReader = pick(fingerReaders, chosenFingerId);
  const faceReader = pick(faceReaders, chosenFaceId);

  const setStationId = (id: string) => {
    setChosenStationId(id);
    // Another station's readers are not this one's: back to the default choice.
    setFingerReaderId(null);
    setFaceReaderId(null);
  };

  return {
    stations,
    error: stationsQuery.error,
    stationId,
    station,
    setStationId,
    fingerReaders,
    fingerReaderId: fingerReader?.id ?? '',
    fingerReader,
    setFingerReaderId,
    withCamera,
    optional,
    faceReaders,
    faceReaderId: faceReader?.id ?? '',
    faceReader,
    setFaceReaderId,
  };
}
