// Time on an axis: parsing the API's ISO dates, a linear scale and calendar-aligned ticks
// (hours, days, weeks, months, years) — the few lines d3-scale and d3-time would bring.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Milliseconds since the epoch of an ISO date or date-time (read as UTC), or null. */
export function parseIso(s: string | null): number | null {
  if (!s) return null;
  const t = /T\d\d:\d\d/.test(s) && !/(Z|[+-]\d\d:?\d\d)$/.test(s) ? Date.parse(s + "Z") : Date.parse(s);
  return Number.isFinite(t) ? t : null;
}

/** A linear map from [t0, t1] to [x0, x1], and back. */
export interface Scale {
  t0: number;
  t1: number;
  x0: number;
  x1: number;
}
export const toX = (s: Scale, t: number) => s.x0 + ((t - s.t0) / (s.t1 - s.t0 || 1)) * (s.x1 - s.x0);
export const toT = (s: Scale, x: number) => s.t0 + ((x - s.x0) / (s.x1 - s.x0 || 1)) * (s.t1 - s.t0);

const pad2 = (n: number) => String(n).padStart(2, "0");
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Steps tried, smallest first: fixed ones in ms, calendar ones in months. */
const STEPS: { ms?: number; months?: number; label: (d: Date) => string }[] = [
  { ms: HOUR, label: (d) => `${pad2(d.getUTCHours())}:00` },
  { ms: 3 * HOUR, label: (d) => `${pad2(d.getUTCHours())}:00` },
  { ms: 6 * HOUR, label: (d) => `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${pad2(d.getUTCHours())}h` },
  { ms: 12 * HOUR, label: (d) => `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${pad2(d.getUTCHours())}h` },
  { ms: DAY, label: (d) => `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}` },
  { ms: 2 * DAY, label: (d) => `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}` },
  { ms: 7 * DAY, label: (d) => `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}` },
  { months: 1, label: (d) => `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}` },
  { months: 3, label: (d) => `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}` },
  { months: 6, label: (d) => `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}` },
  { months: 12, label: (d) => `${d.getUTCFullYear()}` },
  { months: 24, label: (d) => `${d.getUTCFullYear()}` },
  { months: 60, label: (d) => `${d.getUTCFullYear()}` },
  { months: 120, label: (d) => `${d.getUTCFullYear()}` },
];

/** About `want` ticks between t0 and t1, on round hours, days, Mondays, months or years. */
export function ticks(t0: number, t1: number, want = 8): { t: number; label: string }[] {
  const span = Math.max(1, t1 - t0);
  const step =
    STEPS.find((s) => (s.ms ?? (s.months ?? 1) * 30.44 * DAY) * want >= span) ?? STEPS[STEPS.length - 1];
  const out: { t: number; label: string }[] = [];
  if (step.ms) {
    // Days and longer fixed steps start at midnight (weeks on a Monday).
    let t = Math.ceil(t0 / step.ms) * step.ms;
    if (step.ms === 7 * DAY) {
      const d = new Date(Math.floor(t0 / DAY) * DAY);
      t = d.getTime() + (((8 - d.getUTCDay()) % 7) * DAY);
      if (t < t0) t += 7 * DAY;
    }
    for (; t <= t1 && out.length < 200; t += step.ms) out.push({ t, label: step.label(new Date(t)) });
    return out;
  }
  const m = step.months!;
  const s = new Date(t0);
  let y = s.getUTCFullYear();
  let mo = Math.ceil((s.getUTCMonth() + (s.getUTCDate() > 1 || t0 % DAY ? 1 : 0)) / m) * m;
  for (;;) {
    const t = Date.UTC(y + Math.floor(mo / 12), mo % 12, 1);
    if (t > t1 || out.length >= 200) break;
    if (t >= t0) out.push({ t, label: step.label(new Date(t)) });
    mo += m;
    if (mo >= 12 && m < 12) {
      y += Math.floor(mo / 12);
      mo %= 12;
    }
  }
  return out;
}

/** A date for people: `2024-03-05 22:14` or `2024-03-05`. */
export function showDate(iso: string | null): string {
  if (!iso) return "undated";
  return iso.replace("T", " ").slice(0, 16).replace(/ 00:00$/, "");
}
