import { DEFAULT_MODEL } from '@siap/biometrics/face';
import { extractAndAssessFingerprint, FINGERPRINT_EXTRACTOR_VERSION } from '@siap/biometrics/fingerprint';
import { encodeTemplate } from '@siap/biometrics/formats';
import { decodeWsq } from '@siap/biometrics/wsq';
import type { Db } from '../../db/database.ts';
import { systemClock, type Clock } from '../../shared/clock.ts';
import type { Actor, AuditService } from '../audit/service.ts';
import type { BiometricStore } from '../biometric-store/service.ts';
import type { FaceProcessor } from '../readers/face.ts';
import * as repository from './repository.ts';

export interface ReextractionDeps {
  db: Db;
  audit: AuditService;
  store: BiometricStore;
  /** Only needed when faces are redone (the face engine starts on first use). */
  faces?: FaceProcessor;
  clock?: Clock;
}

export interface ReextractionOptions {
  modalities: ReadonlyArray<'huella' | 'rostro'>;
  /** Templates per transaction; each batch commits on its own. */
  batchSize?: number;
  /** Stop after this many batches (a deliberate pause; the next run resumes). */
  maxBatches?: number;
  actor?: Actor;
  print?: (line: string) => void;
}

export interface ReextractionResult {
  /** The versions the templates were brought to. */
  versions: { huella: string; rostro: string };
  redone: { huella: number; rostro: number };
  failed: Array<{ enrollmentId: string; modality: 'huella' | 'rostro'; position: number; reason: string }>;
  /** False when stopped by maxBatches with work left. */
  finished: boolean;
}

const PURPOSE = 'reextracción de plantillas biométricas con una versión nueva del motor';

/**
 * Redoes every enrolled template whose extractor version is not the current one, from the
 * encrypted image kept beside it: fingers from their WSQ with the current minutia extractor,
 * faces from their JPEG with the current face model. Each batch is one transaction (decrypt,
 * extract, re-seal the template row in place under a fresh data key, record the new version,
 * one audit entry), so an interrupted run loses at most one batch and the next run resumes:
 * finished rows carry the new version and are no longer selected. Templates without an image
 * (device templates, images not kept) are left as they are. The 1:N gallery of a running
 * server loads the templates at start: restart it afterwards.
 */
export async function reextractTemplates(deps: ReextractionDeps, options: ReextractionOptions): Promise<ReextractionResult> {
  const clock = deps.clock ?? systemClock;
  const batchSize = options.batchSize ?? 100;
  const print = options.print ?? (() => {});
  const versions = { huella: FINGERPRINT_EXTRACTOR_VERSION, rostro: DEFAULT_MODEL as string };
  const result: ReextractionResult = { versions, redone: { huella: 0, rostro: 0 }, failed: [], finished: true };
  let batches = 0;
  for (const modality of options.modalities) {
    let after: { enrollmentId: string; position: number } | null = null;
    for (;;) {
      if (options.maxBatches !== undefined && batches >= options.maxBatches) {
        const left = await repository.templatesToReextract(deps.db, { modality, version: versions[modality], after, limit: 1 });
        if (left.length > 0) result.finished = false;
        break;
      }
      const page = await deps.db.transaction().execute(async (trx) => {
        const rows = await repository.templatesToReextract(trx, { modality, version: versions[modality], after, limit: batchSize });
        if (rows.length === 0) return rows;
        const plain = await deps.store.read(trx, rows.map((r) => r.image_blob_id!), { actor: options.actor ?? 'system', subject: 'enrollment_templates', purpose: PURPOSE });
        let redone = 0;
        for (const row of rows) {
          const image = plain.get(row.image_blob_id!);
          try {
            if (!image) throw new Error('imagen no disponible');
            const made = modality === 'huella' ? redoFinger(image) : await redoFace(deps.faces, image);
            await deps.store.replace(trx, row.template_blob_id, modality === 'huella' ? 'fingerprint_template' : 'face_template', made.bytes);
            await repository.markReextracted(trx, row, { extractor_version: made.version, quality_score: made.quality, reextracted_at: clock() });
            redone++;
          } catch (error) {
            result.failed.push({ enrollmentId: row.enrollment_id, modality, position: row.position, reason: error instanceof Error ? error.message : String(error) });
          }
        }
        await deps.audit.record(trx, {
          actor: options.actor ?? 'system',
          action: 'biometrics.templates.reextracted',
          subject: 'enrollment_templates',
          purpose: PURPOSE,
          details: { modality, version: versions[modality], records: redone, failed: rows.length - redone },
        });
        result.redone[modality] += redone;
        return rows;
      });
      batches++;
      if (page.length === 0) break;
      const last = page.at(-1)!;
      after = { enrollmentId: last.enrollment_id, position: last.position };
      print(`${modality === 'huella' ? 'Huellas' : 'Rostros'}: ${result.redone[modality]} plantillas rehechas con la versión ${versions[modality]}.`);
      if (page.length < batchSize) break;
    }
  }
  return result;
}

function redoFinger(wsq: Buffer): { bytes: Uint8Array; version: string; quality: number } {
  const image = decodeWsq(wsq);
  const { template, quality } = extractAndAssessFingerprint(image);
  return { bytes: encodeTemplate(template), version: FINGERPRINT_EXTRACTOR_VERSION, quality: quality.score };
}

async function redoFace(faces: FaceProcessor | undefined, jpeg: Buffer): Promise<{ bytes: Uint8Array; version: string; quality: number }> {
  if (!faces) throw new Error('motor de rostro no disponible');
  const face = await faces.process({ kind: 'encoded-image', bytes: new Uint8Array(jpeg) }, { requireQuality: false });
  return { bytes: face.bytes, version: face.template.model, quality: face.quality.score };
}
