/**
 * RENAPO's list of "palabras inconvenientes" (Instructivo Normativo para la Asignación de la CURP,
 * Anexo 2). When the first four letters of a CURP would spell one of these, RENAPO replaces the
 * second letter with an X (e.g. a would-be "PUTO…" becomes "PXTO…"), so no issued CURP starts
 * with a listed word.
 */
export const CURP_INCONVENIENT_WORDS: ReadonlySet<string> = new Set([
  'BACA', 'BAKA', 'BUEI', 'BUEY', 'CACA', 'CACO', 'CAGA', 'CAGO', 'CAKA', 'CAKO',
  'COGE', 'COGI', 'COJA', 'COJE', 'COJI', 'COJO', 'COLA', 'CULO', 'FALO', 'FETO',
  'GETA', 'GUEI', 'GUEY', 'JETA', 'JOTO', 'KACA', 'KACO', 'KAGA', 'KAGO', 'KAKA',
  'KAKO', 'KOGE', 'KOGI', 'KOJA', 'KOJE', 'KOJI', 'KOJO', 'KOLA', 'KULO', 'LILO',
  'LOCA', 'LOCO', 'LOKA', 'LOKO', 'MAME', 'MAMO', 'MEAR', 'MEAS', 'MEON', 'MIAR',
  'MION', 'MOCO', 'MOKO', 'MULA', 'MULO', 'NACA', 'NACO', 'PEDA', 'PEDO', 'PENE',
  'PIPI', 'PITO', 'POPO', 'PUTA', 'PUTO', 'QULO', 'RATA', 'ROBA', 'ROBE', 'ROBO',
  'RUIN', 'SENO', 'TETA', 'VACA', 'VAGA', 'VAGO', 'VAKA', 'VUEI', 'VUEY', 'WUEI',
  'WUEY',
]);

export function isCurpInconvenientWord(firstFour: string): boolean {
  return CURP_INCONVENIENT_WORDS.has(firstFour.toUpperCase());
}

/** Applies RENAPO's rule to the four name letters: 2nd letter → X when they form a listed word. */
export function applyCurpInconvenientWordRule(firstFour: string): string {
  return isCurpInconvenientWord(firstFour) ? `${firstFour[0]}X${firstFour.slice(2)}` : firstFour;
}
