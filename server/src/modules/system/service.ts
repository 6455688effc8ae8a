import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { Calibration, DEFAULT_MODEL } from '@siap/biometrics/face';
import { COMPACT_VERSION } from '@siap/biometrics/formats';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import { VERIFICATION_PURPOSES, type Thresholds } from '../biometric-store/biometric-config.ts';
import type { BiometricGallery } from '../enrollment/gallery.ts';

const APP_VERSION = (JSON.parse(readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export interface ThresholdView {
  purpose: string;
  finger: number;
  /** The false-match rate that fingerprint score means (score = 10 · −log10 FMR, matcher calibration). */
  fingerFmr: number;
  face: number;
  /** The face model's measured false-accept rate at its calibrated threshold; null when the threshold was changed (not measured). */
  faceFar: number | null;
}

export interface SystemInfo {
  version: string;
  node: string;
  engines: { fingerprintTemplate: string; faceModel: string; faceCalibration: string };
  thresholds: ThresholdView[];
  dedup: ThresholdView;
  database: { engine: 'PGlite' | 'PostgreSQL'; version: string; migrations: string[] };
  gallery: { fingers: number; faces: number };
}

/**
 * What the admin's "Sistema" page shows: versions, the engines and what their thresholds mean
 * in error rates, the database and the size of the 1:N gallery. Read-only; no personal data.
 */
export class SystemService {
  constructor(private readonly deps: { db: Db; config: Config; gallery: BiometricGallery }) {}

  async info(): Promise<SystemInfo> {
    const { db, config, gallery } = this.deps;
    // The engine is what the open connection says it is, not what the configuration intended.
    const calibration = Calibration[DEFAULT_MODEL];
    const view = (purpose: string, t: Thresholds): ThresholdView => ({
      purpose,
      finger: t.finger,
      fingerFmr: fingerprintFmr(t.finger),
      face: t.face,
      faceFar: calibration && t.face === calibration.threshold ? calibration.targetFar : null,
    });
    const version = await sql<{ version: string }>`select version() as version`.execute(db);
    const migrations = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
    return {
      version: APP_VERSION,
      node: process.version,
      engines: {
        fingerprintTemplate: `SIAP compacta v${COMPACT_VERSION} (también ISO/IEC 19794-2 y ANSI 378)`,
        faceModel: DEFAULT_MODEL,
        faceCalibration: calibration?.measuredOn ?? '',
      },
      thresholds: VERIFICATION_PURPOSES.map((p) => view(p, config.biometrics.thresholds[p])),
      dedup: view('deduplicación', config.biometrics.dedup),
      database: {
        engine: databaseEngine(version.rows[0]?.version ?? ''),
        version: version.rows[0]?.version ?? '',
        migrations: migrations.rows.map((r) => r.name),
      },
      gallery: await gallery.size(),
    };
  }
}

/**
 * The engine behind a connection, from its `select version()`: PGlite is PostgreSQL compiled to
 * WebAssembly ("… on wasm32-unknown-linux-gnu, compiled by emcc (Emscripten …)"); a PostgreSQL
 * server names a native target and compiler.
 */
export function databaseEngine(version: string): 'PGlite' | 'PostgreSQL' {
  return /\bwasm32\b|\bemcc\b|emscripten/i.test(version) ? 'PGlite' : 'PostgreSQL';
}

/** The matcher's published score reads as 10 · −log10(FMR) (fingerprint/matcher/calibration.ts). */
export function fingerprintFmr(score: number): number {
  return 10 ** (-score / 10);
}
