/**
 * Two-letter birth-entity codes used in positions 12–13 of the CURP (RENAPO catalogue). They are
 * not the INEGI or ISO 3166-2:MX codes: e.g. Ciudad de México keeps the historical `DF`, and `NE`
 * ("nacido en el extranjero") marks people born abroad.
 */
export const CURP_STATES: Readonly<Record<string, string>> = {
  AS: 'Aguascalientes',
  BC: 'Baja California',
  BS: 'Baja California Sur',
  CC: 'Campeche',
  CL: 'Coahuila',
  CM: 'Colima',
  CS: 'Chiapas',
  CH: 'Chihuahua',
  DF: 'Ciudad de México',
  DG: 'Durango',
  GT: 'Guanajuato',
  GR: 'Guerrero',
  HG: 'Hidalgo',
  JC: 'Jalisco',
  MC: 'Estado de México',
  MN: 'Michoacán',
  MS: 'Morelos',
  NT: 'Nayarit',
  NL: 'Nuevo León',
  OC: 'Oaxaca',
  PL: 'Puebla',
  QT: 'Querétaro',
  QR: 'Quintana Roo',
  SP: 'San Luis Potosí',
  SL: 'Sinaloa',
  SR: 'Sonora',
  TC: 'Tabasco',
  TS: 'Tamaulipas',
  TL: 'Tlaxcala',
  VZ: 'Veracruz',
  YN: 'Yucatán',
  ZS: 'Zacatecas',
  NE: 'Nacido en el extranjero',
};

export const CURP_STATE_CODES: readonly string[] = Object.keys(CURP_STATES);

export function isCurpStateCode(code: string): boolean {
  return Object.prototype.hasOwnProperty.call(CURP_STATES, code);
}
