/**
 * The one way the web app writes dates and times: es-MX, on the workplace's wall clock
 * (America/Mexico_City, as attendance is judged: server/src/modules/attendance/rules/parameters.ts).
 * A YYYY-MM-DD is a civil date, so it is read at UTC noon and written in UTC (no day shift).
 */
export const WORKPLACE_TIME_ZONE = 'America/Mexico_City';

const DAY = new Intl.DateTimeFormat('es-MX', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
const LONG_DAY = new Intl.DateTimeFormat('es-MX', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const CIVIL_DATE = new Intl.DateTimeFormat('es-MX', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const INSTANT = new Intl.DateTimeFormat('es-MX', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: WORKPLACE_TIME_ZONE,
});
const TIME = new Intl.DateTimeFormat('es-MX', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: WORKPLACE_TIME_ZONE });
const TIME_SECONDS = new Intl.DateTimeFormat('es-MX', { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZone: WORKPLACE_TIME_ZONE });

const civil = (date: string) => new Date(`${date}T12:00:00Z`);

/** 'Lun 2 nov': the weekday capitalised as a table row starts, the month as es-MX writes it. */
export const shortDate = (date: string) => {
  const text = DAY.format(civil(date)).replace(/\.|,/g, '');
  return text.charAt(0).toUpperCase() + text.slice(1);
};
/** 'lunes, 2 de noviembre de 2026' */
export const longDate = (date: string) => LONG_DAY.format(civil(date));
/** '2 nov 2026' for a civil date (birth date, holiday). */
export const civilDate = (date: string) => CIVIL_DATE.format(civil(date));
/** '2 nov 2026, 08:05' for an instant (ISO string or Date). */
export const instant = (value: string | Date) => INSTANT.format(typeof value === 'string' ? new Date(value) : value);
/** '08:05' */
export const timeOfDay = (value: string | Date) => TIME.format(typeof value === 'string' ? new Date(value) : value);
/** '08:05:09' (the kiosk clock) */
export const timeWithSeconds = (value: string | Date) => TIME_SECONDS.format(typeof value === 'string' ? new Date(value) : value);
