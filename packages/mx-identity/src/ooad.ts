/**
 * IMSS's 35 Órganos de Operación Administrativa Desconcentrada (formerly "delegaciones"): one per
 * state, except Ciudad de México (Norte, Sur), Estado de México (Oriente, Poniente) and Veracruz
 * (Norte, Sur).
 *
 * Codes follow the IMSS "clave delegacional" numbering used in its internal catalogues: states
 * roughly alphabetical 01–34 (09 is Oficinas Centrales, not an OOAD; 15/16 Estado de México
 * Oriente/Poniente; 31/32 Veracruz Norte/Sur) and 35–38 for the four historical delegations of the
 * Federal District (35, 36 Norte; 37, 38 Sur). The two Ciudad de México OOADs take the first code
 * of each pair; `findOoad` also resolves the second (36, 38) so older records keep working.
 */
export interface Ooad {
  code: string;
  name: string;
}

export const OOADS: readonly Ooad[] = Object.freeze([
  { code: '01', name: 'Aguascalientes' },
  { code: '02', name: 'Baja California' },
  { code: '03', name: 'Baja California Sur' },
  { code: '04', name: 'Campeche' },
  { code: '05', name: 'Coahuila' },
  { code: '06', name: 'Colima' },
  { code: '07', name: 'Chiapas' },
  { code: '08', name: 'Chihuahua' },
  { code: '10', name: 'Durango' },
  { code: '11', name: 'Guanajuato' },
  { code: '12', name: 'Guerrero' },
  { code: '13', name: 'Hidalgo' },
  { code: '14', name: 'Jalisco' },
  { code: '15', name: 'Estado de México Oriente' },
  { code: '16', name: 'Estado de México Poniente' },
  { code: '17', name: 'Michoacán' },
  { code: '18', name: 'Morelos' },
  { code: '19', name: 'Nayarit' },
  { code: '20', name: 'Nuevo León' },
  { code: '21', name: 'Oaxaca' },
  { code: '22', name: 'Puebla' },
  { code: '23', name: 'Querétaro' },
  { code: '24', name: 'Quintana Roo' },
  { code: '25', name: 'San Luis Potosí' },
  { code: '26', name: 'Sinaloa' },
  { code: '27', name: 'Sonora' },
  { code: '28', name: 'Tabasco' },
  { code: '29', name: 'Tamaulipas' },
  { code: '30', name: 'Tlaxcala' },
  { code: '31', name: 'Veracruz Norte' },
  { code: '32', name: 'Veracruz Sur' },
  { code: '33', name: 'Yucatán' },
  { code: '34', name: 'Zacatecas' },
  { code: '35', name: 'Ciudad de México Norte' },
  { code: '37', name: 'Ciudad de México Sur' },
].map((o) => Object.freeze(o)));

/** Historical delegation codes merged into a current OOAD. */
const MERGED_CODES: Readonly<Record<string, string>> = { '36': '35', '38': '37' };

const BY_CODE = new Map(OOADS.map((o) => [o.code, o]));

/** Accepts '1' or '01'; resolves the merged Federal District codes 36 and 38. */
export function findOoad(code: string): Ooad | undefined {
  const trimmed = String(code ?? '').trim();
  if (!/^\d{1,2}$/.test(trimmed)) return undefined;
  const padded = trimmed.padStart(2, '0');
  return BY_CODE.get(MERGED_CODES[padded] ?? padded);
}
