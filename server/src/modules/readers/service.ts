import { LRUCache } from 'lru-cache';
import type { Db, Executor } from '../../db/database.ts';
import { AppError } from '../../shared/app-error.ts';
import { systemClock, type Clock } from '../../shared/clock.ts';
import type { Actor, AuditService } from '../audit/service.ts';
import {
  SimulatedFingerprintDriver,
  uploadDriver,
  webcamDriver,
  type CaptureContext,
  type CaptureRequest,
  type RawSample,
  type ReaderDriver,
} from './drivers.ts';
import * as repository from './repository.ts';
import type { Modality, ReaderDriverName } from './tables.ts';

export interface Station {
  id: string;
  code: string;
  name: string;
  ooadCode: string | null;
  readers: Reader[];
}

export interface Reader {
  id: string;
  stationId: string;
  name: string;
  driver: ReaderDriverName;
  modality: Modality;
  connected: boolean;
  lastSeenAt: string | null;
}

/** How long a capture may use a reader row read before (ReadersService.capturingReader). */
const READER_CACHE_MS = 1_000;

export class ReadersService {
  private readonly drivers: Map<ReaderDriverName, ReaderDriver>;
  /**
   * Reader rows for captures, kept briefly: every verification names its reader, a busy counter or
   * kiosk sends several a second, and a row changes only when the station reports the reader
   * plugged or unplugged (setConnected clears it here; another server process sharing the
   * database sees the change within READER_CACHE_MS).
   */
  private readonly capturingReaders = new LRUCache<string, repository.ReaderRow>({ max: 10_000, ttl: READER_CACHE_MS });

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    /** `allowSimulated: false` (production) refuses the simulated fingerprint reader (issue 19 item 12). */
    private readonly options: { timeoutMs: number; allowSimulated?: boolean },
    private readonly clock: Clock = systemClock,
    drivers: ReaderDriver[] = [uploadDriver, webcamDriver, new SimulatedFingerprintDriver()],
  ) {
    this.drivers = new Map(drivers.map((d) => [d.name, d]));
  }

  async createStation(input: { code: string; name: string; ooadCode?: string | null }, actor: Actor): Promise<Station> {
    return this.db.transaction().execute(async (trx) => {
      if (await repository.findStationByCode(trx, input.code)) {
        throw new AppError('STATION_EXISTS', 'Ya existe una estación con esa clave.', 409);
      }
      const row = await repository.insertStation(trx, { code: input.code, name: input.name, ooad_code: input.ooadCode ?? null });
      await this.audit.record(trx, { actor, action: 'readers.station.created', subject: `station:${row.id}`, purpose: 'configuración de estaciones de captura' });
      return { id: row.id, code: row.code, name: row.name, ooadCode: row.ooad_code, readers: [] };
    });
  }

  async addReader(stationId: string, input: { name: string; driver: ReaderDriverName; modality: Modality }, actor: Actor): Promise<Reader> {
    const driver = this.driver(input.driver);
    if (!driver.modalities.includes(input.modality)) {
      throw new AppError('READER_MODALITY_INVALID', 'Este tipo de lector no captura esa modalidad biométrica.', 400, {
        driver: input.driver,
        modalities: driver.modalities,
      });
    }
    return this.db.transaction().execute(async (trx) => {
      if (!(await repository.findStation(trx, stationId))) throw stationNotFound();
      const row = await repository.insertReader(trx, { station_id: stationId, name: input.name, driver: input.driver, modality: input.modality });
      await this.audit.record(trx, { actor, action: 'readers.reader.added', subject: `reader:${row.id}`, purpose: 'configuración de estaciones de captura', details: { driver: row.driver, modality: row.modality } });
      return toReader(row);
    });
  }

  async listStations(): Promise<Station[]> {
    const stations = await repository.listStations(this.db);
    const readers = await repository.listReaders(this.db, stations.map((s) => s.id));
    return stations.map((s) => ({
      id: s.id,
      code: s.code,
      name: s.name,
      ooadCode: s.ooad_code,
      readers: readers.filter((r) => r.station_id === s.id).map(toReader),
    }));
  }

  async stationExists(stationId: string): Promise<boolean> {
    return /^[0-9a-f-]{36}$/i.test(stationId) && (await repository.findStation(this.db, stationId)) !== undefined;
  }

  /** The station reports whether a reader is plugged in (the web app does it for the webcam). */
  async setConnected(readerId: string, connected: boolean): Promise<Reader> {
    const row = await repository.setConnected(this.db, readerId, connected, this.clock());
    this.capturingReaders.delete(readerId);
    if (!row) throw readerNotFound();
    return toReader(row);
  }

  /** A reader of `stationId` able to capture `modality`, checked for selection. */
  async selectable(db: Executor, readerId: string, stationId: string, modality?: Modality): Promise<Reader> {
    const row = await repository.findReader(db, readerId);
    if (!row || row.station_id !== stationId) throw readerNotFound();
    if (modality && row.modality !== modality) throw modalityMismatch(row.modality, modality);
    if (!row.connected) throw notConnected();
    return toReader(row);
  }

  /**
   * One capture from the selected reader. READER_NOT_SELECTED when none is, READER_NOT_CONNECTED
   * when the station reported it unplugged, READER_TIMEOUT when it does not deliver in time.
   */
  async capture(readerId: string | null, request: CaptureRequest, context: CaptureContext): Promise<{ reader: Reader; sample: RawSample }> {
    if (!readerId) {
      throw new AppError('READER_NOT_SELECTED', 'Seleccione un lector biométrico para esta captura (Sistema – Seleccionar Lector Biométrico).', 409, {
        modality: context.modality,
      });
    }
    const row = await this.capturingReader(readerId);
    if (!row) throw readerNotFound();
    if (row.modality !== context.modality) throw modalityMismatch(row.modality, context.modality);
    if (!row.connected) throw notConnected();
    const sample = await withTimeout(this.driver(row.driver).capture(request, context), this.options.timeoutMs);
    return { reader: toReader(row), sample };
  }

  private async capturingReader(readerId: string): Promise<repository.ReaderRow | undefined> {
    const cached = this.capturingReaders.get(readerId);
    if (cached) return cached;
    const row = await repository.findReader(this.db, readerId);
    if (row) this.capturingReaders.set(readerId, row);
    return row;
  }

  private driver(name: ReaderDriverName): ReaderDriver {
    if (name === 'simulado' && this.options.allowSimulated === false) {
      throw new AppError('READER_DRIVER_NOT_ALLOWED', 'El lector simulado solo existe en demostración y pruebas, no en producción.', 400, { driver: name });
    }
    const driver = this.drivers.get(name);
    if (!driver) throw new AppError('READER_DRIVER_UNKNOWN', 'Tipo de lector no disponible en este servidor.', 400, { driver: name });
    return driver;
  }
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new AppError('READER_TIMEOUT', 'El lector biométrico no respondió a tiempo. Verifique la conexión y vuelva a intentar.', 504)),
      ms,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function toReader(row: repository.ReaderRow): Reader {
  return {
    id: row.id,
    stationId: row.station_id,
    name: row.name,
    driver: row.driver,
    modality: row.modality,
    connected: row.connected,
    lastSeenAt: row.last_seen_at ? row.last_seen_at.toISOString() : null,
  };
}

function stationNotFound(): AppError {
  return new AppError('STATION_NOT_FOUND', 'La estación de captura no existe.', 404);
}

function readerNotFound(): AppError {
  return new AppError('READER_NOT_FOUND', 'El lector biométrico no existe en esta estación.', 404);
}

function notConnected(): AppError {
  return new AppError('READER_NOT_CONNECTED', 'El lector biométrico no está conectado. Conéctelo o seleccione otro lector.', 409);
}

function modalityMismatch(actual: Modality, wanted: Modality): AppError {
  return new AppError('READER_MODALITY_MISMATCH', 'El lector seleccionado no captura esta modalidad biométrica.', 409, { reader: actual, wanted });
}
