/**
 * SAT's list of "palabras inconvenientes" for the RFC of personas físicas (Instructivo para la
 * formación de la clave del RFC, Anexo IV). Unlike the CURP rule, SAT replaces the LAST of the four
 * letters with an X (a would-be "PEDO" becomes "PEDX").
 */
export const RFC_INCONVENIENT_WORDS: ReadonlySet<string> = new Set([
  'BUEI', 'BUEY', 'CACA', 'CACO', 'CAGA', 'CAGO', 'CAKA', 'CAKO', 'COGE', 'COJA',
  'COJE', 'COJI', 'COJO', 'CULO', 'FETO', 'GUEY', 'JOTO', 'KACA', 'KACO', 'KAGA',
  'KAGO', 'KOGE', 'KOJO', 'KAKA', 'KULO', 'MAME', 'MAMO', 'MEAR', 'MEAS', 'MEON',
  'MION', 'MOCO', 'MULA', 'PEDA', 'PEDO', 'PENE', 'PUTA', 'PUTO', 'QULO', 'RATA',
  'RUIN',
]);

export function isRfcInconvenientWord(firstFour: string): boolean {
  return RFC_INCONVENIENT_WORDS.has(firstFour.toUpperCase());
}

export function applyRfcInconvenientWordRule(firstFour: string): string {
  return isRfcInconvenientWord(firstFour) ? `${firstFour.slice(0, 3)}X` : firstFour;
}
