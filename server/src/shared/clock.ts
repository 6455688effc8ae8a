/** The time source services use, so tests can move time forward (lockouts, code expiry). */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
