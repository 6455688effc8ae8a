/**
 * @siap/mx-identity — Mexican identifiers (CURP, NSS, RFC), the IMSS OOAD catalogue and the
 * quincena calendar, as pure functions.
 */
export type { ValidationResult } from './validation-result.ts';
export { validateCurp, curpCheckDigit, type CurpInfo, type CurpValidationOptions } from './curp.ts';
export { CURP_INCONVENIENT_WORDS, isCurpInconvenientWord, applyCurpInconvenientWordRule } from './curp-inconvenient-words.ts';
export { CURP_STATES, CURP_STATE_CODES, isCurpStateCode } from './curp-states.ts';
export { validateNss, nssCheckDigit, nssYearsArePlausible, type NssInfo, type NssValidationOptions } from './nss.ts';
export { validateRfc, rfcCheckDigit, GENERIC_RFCS, type RfcInfo, type RfcValidationOptions } from './rfc.ts';
export { RFC_INCONVENIENT_WORDS, isRfcInconvenientWord, applyRfcInconvenientWordRule } from './rfc-inconvenient-words.ts';
export { rfcHomonymKey } from './rfc-homonym.ts';
export { normalizeName, type PersonName } from './name-keys.ts';
export { composeCurp, composeRfcFisica, type CurpInput, type RfcFisicaInput } from './compose.ts';
export { OOADS, findOoad, type Ooad } from './ooad.ts';
export {
  parseQuincena,
  formatQuincena,
  quincenaOf,
  quincenaRange,
  nextQuincena,
  previousQuincena,
  compareQuincenas,
  quincenaLabel,
  civilDate,
  type Quincena,
} from './quincena.ts';
export { makeDemoPerson, type DemoPerson } from './demo-people.ts';
