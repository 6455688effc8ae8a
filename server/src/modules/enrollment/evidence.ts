import { FINGERPRINT_MATCH_THRESHOLD, matchDetailed, prepareProbe, prepareTemplate, type FingerprintTemplate } from '@siap/biometrics/fingerprint';
import { decodeTemplate } from '@siap/biometrics/formats';
import { decodeWsq } from '@siap/biometrics/wsq';
import sharp from 'sharp';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Actor } from '../audit/service.ts';
import type { BiometricStore } from '../biometric-store/service.ts';
import * as repository from './repository.ts';

/** One print as the adjudicator sees it: the image (PNG data URL) and its minutiae at 500 dpi. */
export interface PrintView {
  image: string | null;
  width: number;
  height: number;
  minutiae: Array<{ x: number; y: number; direction: number; type: 'ending' | 'bifurcation' }>;
}

export interface FingerComparison {
  /** ISO/IEC 19794-2 finger position of both prints. */
  position: number;
  score: number;
  threshold: number;
  enrollee: PrintView;
  candidate: PrintView;
  /** The minutia pairs the matcher paired: [index in enrollee.minutiae, index in candidate.minutiae]. */
  pairs: Array<[number, number]>;
}

export interface PersonEvidence {
  personId: string;
  curp: string | null;
  enrollmentId: string | null;
  /** Face image as a data URL (JPEG), null when none was kept. */
  face: string | null;
}

export interface AdjudicationEvidence {
  enrollmentId: string;
  enrollee: PersonEvidence;
  candidate: PersonEvidence;
  /** The fingers both records have, best match first (at most MAX_FINGERS). */
  fingers: FingerComparison[];
}

/** Four pairs of prints are enough to judge and keep the answer small (two PNGs per finger). */
const MAX_FINGERS = 4;
const PURPOSE = 'adjudicación de posible duplicado biométrico: comparación de imágenes';

/**
 * What a supervisor needs to decide a possible duplicate with their own eyes: both faces and the
 * matched fingers side by side, with the minutiae the matcher paired. Both people's biometric
 * reads are audited (one entry each) in the caller's transaction.
 */
export async function collectEvidence(
  trx: Transaction<Database>,
  store: BiometricStore,
  input: { enrollmentId: string; candidatePersonId: string; actor: Actor },
): Promise<AdjudicationEvidence> {
  const enrollment = await repository.findEnrollment(trx, input.enrollmentId);
  if (!enrollment) throw new AppError('ENROLLMENT_NOT_FOUND', 'El enrolamiento no existe.', 404);
  const candidates = await repository.listCandidates(trx, [enrollment.id]);
  if (!candidates.some((c) => c.candidate_person_id === input.candidatePersonId)) {
    throw new AppError('CANDIDATE_NOT_FOUND', 'La persona indicada no es un candidato de este enrolamiento.', 404);
  }
  const candidateSubject = await repository.findSubject(trx, input.candidatePersonId);
  const candidateEnrollmentId = candidateSubject?.current_enrollment_id ?? null;
  const [own, other] = await Promise.all([
    repository.listTemplates(trx, [enrollment.id]),
    candidateEnrollmentId ? repository.listTemplates(trx, [candidateEnrollmentId]) : Promise.resolve([]),
  ]);
  const blobIds = (rows: repository.TemplateRow[]) => rows.flatMap((r) => [r.template_blob_id, r.image_blob_id].filter((id): id is string => id !== null));
  const ownPlain = await store.read(trx, blobIds(own), { actor: input.actor, subject: `person:${enrollment.person_id}`, purpose: PURPOSE });
  const otherPlain = await store.read(trx, blobIds(other), { actor: input.actor, subject: `person:${input.candidatePersonId}`, purpose: PURPOSE });

  const fingers: FingerComparison[] = [];
  for (const mine of own.filter((r) => r.modality === 'huella')) {
    const theirs = other.find((r) => r.modality === 'huella' && r.position === mine.position);
    const a = theirs ? ownPlain.get(mine.template_blob_id) : undefined;
    const b = theirs ? otherPlain.get(theirs.template_blob_id) : undefined;
    if (!theirs || !a || !b) continue;
    const left = decodeTemplate(a);
    const right = decodeTemplate(b);
    const result = matchDetailed(prepareProbe(prepareTemplate(left)), prepareTemplate(right));
    fingers.push({
      position: mine.position,
      score: Math.round(result.score * 100) / 100,
      threshold: FINGERPRINT_MATCH_THRESHOLD,
      enrollee: await printView(left, mine.image_blob_id ? ownPlain.get(mine.image_blob_id) : undefined),
      candidate: await printView(right, theirs.image_blob_id ? otherPlain.get(theirs.image_blob_id) : undefined),
      pairs: result.pairs.map((p) => [p.probe, p.candidate]),
    });
  }
  fingers.sort((x, y) => y.score - x.score);
  const faceOf = (rows: repository.TemplateRow[], plain: Map<string, Buffer>) => {
    const face = rows.find((r) => r.modality === 'rostro');
    const bytes = face?.image_blob_id ? plain.get(face.image_blob_id) : undefined;
    return bytes ? dataUrl(bytes) : null;
  };
  const curpOf = async (personId: string) => (await trx.selectFrom('people').select('curp').where('id', '=', personId).executeTakeFirst())?.curp ?? null;
  return {
    enrollmentId: enrollment.id,
    enrollee: { personId: enrollment.person_id, curp: await curpOf(enrollment.person_id), enrollmentId: enrollment.id, face: faceOf(own, ownPlain) },
    candidate: { personId: input.candidatePersonId, curp: await curpOf(input.candidatePersonId), enrollmentId: candidateEnrollmentId, face: faceOf(other, otherPlain) },
    fingers: fingers.slice(0, MAX_FINGERS),
  };
}

/** WSQ is what is stored; browsers show PNG. The minutiae are in the same 500 dpi pixels. */
async function printView(template: FingerprintTemplate, wsq: Buffer | undefined): Promise<PrintView> {
  let image: string | null = null;
  if (wsq) {
    const gray = decodeWsq(wsq);
    const png = await sharp(Buffer.from(gray.data), { raw: { width: gray.width, height: gray.height, channels: 1 } }).png().toBuffer();
    image = `data:image/png;base64,${png.toString('base64')}`;
  }
  return {
    image,
    width: template.width,
    height: template.height,
    minutiae: template.minutiae.map((m) => ({ x: m.x, y: m.y, direction: Math.round(m.direction * 1000) / 1000, type: m.type })),
  };
}

function dataUrl(bytes: Buffer): string {
  const type = bytes[0] === 0x89 && bytes[1] === 0x50 ? 'image/png' : 'image/jpeg';
  return `data:${type};base64,${bytes.toString('base64')}`;
}
