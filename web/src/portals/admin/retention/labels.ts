/** The policy file's categories (server/privacy/politica-de-datos.json), as people read them. */
const CATEGORY_LABELS: Record<string, string> = {
  biometricos: 'Datos biométricos (rostro y huellas)',
  imagenes_de_captura_no_usadas: 'Capturas no usadas en un registro',
  asistencia: 'Registros de asistencia',
  supervivencia: 'Comprobaciones de supervivencia',
  consentimientos: 'Consentimientos y revocaciones',
  bitacora: 'Bitácora de accesos',
};

const FROM_LABELS: Record<string, string> = {
  ultimo_uso: 'desde su último uso',
  captura: 'desde la captura',
  registro: 'desde el registro',
  revocacion: 'desde la revocación',
};

/** A category the file adds later still shows, by its key. */
export const categoryLabel = (category: string) => CATEGORY_LABELS[category] ?? category;
export const fromLabel = (desde: string) => FROM_LABELS[desde] ?? `desde ${desde}`;

/** «1825 días (≈ 5 años)»: the number the server keeps, with the order of magnitude people think in. */
export function describeDays(days: number): string {
  const years = Math.round((days / 365) * 10) / 10;
  const approx = years >= 1 ? ` (≈ ${years.toLocaleString('es-MX')} ${years === 1 ? 'año' : 'años'})` : '';
  return `${days.toLocaleString('es-MX')} ${days === 1 ? 'día' : 'días'}${approx}`;
}

/** Same bounds and messages as the server (privacy/retention.ts), checked first to spare a round trip. */
export const MIN_DAYS = 1;
export const MAX_DAYS = 36_500;

export function validateChange(days: string, reason: string): { days?: string; reason?: string } {
  const errors: { days?: string; reason?: string } = {};
  const n = Number(days);
  if (!/^\d+$/.test(days.trim()) || !Number.isInteger(n) || n < MIN_DAYS || n > MAX_DAYS) {
    errors.days = `El plazo debe ser un número entero de días entre ${MIN_DAYS} y ${MAX_DAYS.toLocaleString('es-MX')}.`;
  }
  if (reason.trim().length < 5) errors.reason = 'Escriba el motivo del cambio (al menos 5 caracteres).';
  return errors;
}
