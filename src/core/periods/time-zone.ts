/**
 * Local-date ↔ UTC-instant conversion for IANA time zones without a library: Intl tells the wall-clock
 * time of an instant in a zone; the offset of a local midnight is found by two refinements (enough for DST).
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Offset of a time zone at an instant, in milliseconds (local wall clock minus UTC). */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instant))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const asUtc = Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  const whole = instant - (instant % 1000);
  return asUtc - whole;
}

/** Whether a string names a time zone Intl knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The UTC instant of local midnight starting a calendar date (YYYY-MM-DD) in a zone. Where DST skips
 * midnight, the first instant of that local day.
 */
export function localMidnightUtc(date: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d);
  let guess = wall - zoneOffsetMs(wall, timeZone);
  const second = wall - zoneOffsetMs(guess, timeZone);
  if (second !== guess) {
    // offset changed between the guess and local midnight: take the refined value, unless it lands on the day before
    guess = second;
  }
  const local = guess + zoneOffsetMs(guess, timeZone);
  if (local < wall) {
    // midnight does not exist (spring-forward at 00:00): the day starts when the clock jumps
    guess += wall - local;
  }
  return new Date(guess);
}

/** The local calendar date (YYYY-MM-DD) of an instant in a zone. */
export function localDateOf(instant: Date, timeZone: string): string {
  const local = new Date(instant.getTime() + zoneOffsetMs(instant.getTime(), timeZone));
  return local.toISOString().slice(0, 10);
}
