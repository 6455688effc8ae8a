import type { Ramo, TipoIncapacidad } from '../tables.ts';

/**
 * What a certificado de incapacidad temporal para el trabajo may say, as pure functions. Each
 * rule names its source in the Ley del Seguro Social (LSS) or the Ley Federal del Trabajo (LFT).
 */

export const RAMOS: readonly Ramo[] = ['enfermedad_general', 'riesgo_trabajo', 'maternidad'];
export const TIPOS: readonly TipoIncapacidad[] = ['inicial', 'subsecuente', 'recaida'];

/** LSS art. 101: 42 days before and 42 days after the birth. */
export const MATERNITY_PRENATAL_DAYS = 42;
export const MATERNITY_POSTNATAL_DAYS = 42;
export const MATERNITY_DAYS = MATERNITY_PRENATAL_DAYS + MATERNITY_POSTNATAL_DAYS;
/**
 * LFT art. 170 fr. II (reform DOF 30-11-2012), applied by LSS art. 101: at the worker's request,
 * with the written authorization of the physician, up to four of the six prenatal weeks may be
 * moved to after the birth.
 */
export const MAX_PRENATAL_WEEKS_TRANSFERRED = 4;
/**
 * LSS art. 96 (enfermedad general) and art. 58 fr. I (riesgo de trabajo): the subsidy is paid while
 * the incapacity lasts, at most 52 weeks (art. 96 allows 26 more on a favourable opinion, which is
 * a new certificate). One certificate therefore covers at most 364 days.
 */
export const MAX_CERTIFICATE_DAYS = 52 * 7;

/** CIE-10 (ICD-10) code as IMSS certificates carry it: letter, two digits, optional subcategory. */
const CIE10 = /^[A-Z]\d{2}(\.?[0-9A-Z]{1,2})?$/;

export interface CertificateInput {
  ramo: Ramo;
  tipo: TipoIncapacidad;
  startDate: string;
  days: number;
  diagnosisCode: string;
  /** Maternity only: prenatal weeks moved to after the birth (0–4). */
  prenatalWeeksTransferred?: number;
}

export interface CertificateTerms {
  ramo: Ramo;
  tipo: TipoIncapacidad;
  startDate: string;
  days: number;
  endDate: string;
  diagnosisCode: string;
  /** Maternity: the split of the 84 days and the probable date of birth (end of the prenatal part). */
  maternity: { prenatalDays: number; postnatalDays: number; weeksTransferred: number; probableBirthDate: string } | null;
}

/** A rule broken by the input: a stable code and the es-MX message (the service makes it an AppError). */
export class CertificateRuleError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function isCivilDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && addDays(value, 0) === value;
}

export function certificateTerms(input: CertificateInput): CertificateTerms {
  if (!RAMOS.includes(input.ramo)) throw new CertificateRuleError('RAMO_INVALID', 'El ramo debe ser enfermedad general, riesgo de trabajo o maternidad.');
  if (!TIPOS.includes(input.tipo)) throw new CertificateRuleError('TIPO_INVALID', 'El tipo debe ser inicial, subsecuente o recaída.');
  if (!isCivilDate(input.startDate)) throw new CertificateRuleError('DATE_INVALID', 'La fecha de inicio no es una fecha válida (AAAA-MM-DD).');
  const code = input.diagnosisCode.trim().toUpperCase();
  if (!CIE10.test(code)) throw new CertificateRuleError('DIAGNOSIS_INVALID', 'El diagnóstico debe ser una clave CIE-10 (por ejemplo J06.9).');
  if (!Number.isInteger(input.days) || input.days < 1 || input.days > MAX_CERTIFICATE_DAYS) {
    throw new CertificateRuleError('DAYS_INVALID', `Los días de incapacidad deben ser entre 1 y ${MAX_CERTIFICATE_DAYS} (52 semanas, LSS art. 96).`);
  }
  let maternity: CertificateTerms['maternity'] = null;
  if (input.ramo === 'maternidad') {
    if (input.days !== MATERNITY_DAYS) throw new CertificateRuleError('MATERNITY_DAYS', 'La incapacidad por maternidad es de 84 días: 42 antes y 42 después del parto (LSS art. 101).');
    // One certificate for the whole leave (choice): subsequent or relapse certificates belong to
    // enfermedad general.
    if (input.tipo !== 'inicial') throw new CertificateRuleError('MATERNITY_TIPO', 'La incapacidad por maternidad se expide como inicial, por los 84 días.');
    const weeks = input.prenatalWeeksTransferred ?? 0;
    if (!Number.isInteger(weeks) || weeks < 0 || weeks > MAX_PRENATAL_WEEKS_TRANSFERRED) {
      throw new CertificateRuleError('MATERNITY_TRANSFER_INVALID', 'Se pueden transferir de 0 a 4 semanas del descanso prenatal al posnatal (LFT art. 170 fr. II).');
    }
    const prenatalDays = MATERNITY_PRENATAL_DAYS - 7 * weeks;
    maternity = { prenatalDays, postnatalDays: MATERNITY_POSTNATAL_DAYS + 7 * weeks, weeksTransferred: weeks, probableBirthDate: addDays(input.startDate, prenatalDays) };
  } else if (input.prenatalWeeksTransferred) {
    throw new CertificateRuleError('MATERNITY_TRANSFER_INVALID', 'La transferencia de semanas prenatales solo aplica a maternidad.');
  }
  return { ramo: input.ramo, tipo: input.tipo, startDate: input.startDate, days: input.days, endDate: addDays(input.startDate, input.days - 1), diagnosisCode: code, maternity };
}
