import type { Generated } from 'kysely';

/** How a reader delivers captures: file upload, the browser's webcam, or the synthetic generator. */
export type ReaderDriverName = 'archivo' | 'camara_web' | 'simulado';
export type Modality = 'huella' | 'rostro';

/** A capture station (a counter, a kiosk) with its readers ("Seleccionar Lector Biométrico"). */
export interface StationsTable {
  id: Generated<string>;
  code: string;
  name: string;
  ooad_code: string | null;
  created_at: Generated<Date>;
}

export interface ReadersTable {
  id: Generated<string>;
  station_id: string;
  name: string;
  driver: ReaderDriverName;
  modality: Modality;
  /** Reported by the station (the browser for webcams); a disconnected reader refuses captures. */
  connected: Generated<boolean>;
  last_seen_at: Date | null;
  created_at: Generated<Date>;
}

export interface ReaderTables {
  stations: StationsTable;
  readers: ReadersTable;
}
