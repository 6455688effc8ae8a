/**
 * Every tuning constant of attendance, named for what it bounds. Shift-specific limits (tolerance,
 * the late-arrival limit) live on the shift itself because each jornada may differ.
 */

/**
 * A shift day owns the punches of a 24-hour window that opens this long before the shift starts.
 * Three hours covers any early arrival, and leaves the rest of the day (a night shift's check-out
 * after midnight, overtime) to the same shift day instead of to the next calendar day.
 */
export const PUNCH_WINDOW_LEAD_MINUTES = 180;

/**
 * Two readings closer than this are one check-in read twice (a second tap at the kiosk when the
 * first seemed not to register); only the first counts.
 */
export const DUPLICATE_PUNCH_MINUTES = 5;

/** Upper bound of a shift's tolerance: a longer "tolerance" is a different start time. */
export const MAX_TOLERANCE_MINUTES = 60;

/** The workplace's wall clock. Mexico has no daylight saving time since 2022 except border areas. */
export const DEFAULT_TIME_ZONE = 'America/Mexico_City';

/** A kiosk clock may run ahead of the server by this much before a reading is refused. */
export const MAX_CLOCK_AHEAD_MS = 2 * 60_000;

/**
 * An offline kiosk may send readings this old. Beyond it the quincena has been paid (payroll
 * closes a few days after the quincena ends) and a correction goes through a justification.
 */
export const MAX_OFFLINE_AGE_MS = 7 * 24 * 60 * 60_000;
