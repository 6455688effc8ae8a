/** es-MX dates of the attendance pages; a YYYY-MM-DD is a civil date, so it is read at UTC noon. */
const DAY = new Intl.DateTimeFormat('es-MX', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
const LONG_DAY = new Intl.DateTimeFormat('es-MX', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const INSTANT = new Intl.DateTimeFormat('es-MX', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'America/Mexico_City',
});

/** 'Lun 2 nov': the weekday capitalised as a table row starts, the month as es-MX writes it. */
export const shortDate = (date: string) => {
  const text = DAY.format(new Date(`${date}T12:00:00Z`)).replace(/\.|,/g, '');
  return text.charAt(0).toUpperCase() + text.slice(1);
};
export const longDate = (date: string) => LONG_DAY.format(new Date(`${date}T12:00:00Z`));
export const instant = (iso: string) => INSTANT.format(new Date(iso));
