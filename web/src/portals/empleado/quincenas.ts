import {
  formatQuincena,
  nextQuincena,
  parseQuincena,
  previousQuincena,
  quincenaLabel,
  quincenaOf,
  type Quincena,
} from '@siap/mx-identity';

import { WORKPLACE_TIME_ZONE } from '../../format/date-time.ts';

export interface QuincenaChoice {
  id: string;
  label: string;
  previous: string;
  /** Null when the next quincena has not started yet: there is nothing to read there. */
  next: string | null;
  /** Asked for by URL but not begun yet (e.g. ?quincena=2099-Q01): every day is still to come. */
  future: boolean;
}

/** The quincena `id` asks for (or today's when it is missing or malformed), with its neighbours. */
export function chooseQuincena(id: string | null, now: Date = new Date()): QuincenaChoice {
  const current = quincenaOf(now, WORKPLACE_TIME_ZONE);
  const parsed = id ? parseQuincena(id) : null;
  const q: Quincena = parsed?.ok ? parsed.value : current;
  const next = nextQuincena(q);
  const started = next.year < current.year || (next.year === current.year && next.index <= current.index);
  return {
    id: formatQuincena(q),
    label: quincenaLabel(q),
    previous: formatQuincena(previousQuincena(q)),
    next: started ? formatQuincena(next) : null,
    future: q.year > current.year || (q.year === current.year && q.index > current.index),
  };
}

/** The quincena selector's choices: today's and the `count − 1` before it, newest first. */
export function recentQuincenas(now: Date = new Date(), count = 24): Array<{ id: string; label: string }> {
  const out: Array<{ id: string; label: string }> = [];
  let q = quincenaOf(now, WORKPLACE_TIME_ZONE);
  for (let i = 0; i < count; i++) {
    out.push({ id: formatQuincena(q), label: quincenaLabel(q) });
    q = previousQuincena(q);
  }
  return out;
}
