import { createRequire } from 'node:module';
import type { DateTime as LuxonDateTime } from 'luxon';

/**
 * start_date / end_date values and bookmark strings, read as Unix seconds. Luxon's ISO reading is the reference
 * (what these values have always meant); the plain forms every config and every bookmark of the tap use are read
 * here directly, so that a sync or a --discover does not load luxon at all:
 * `YYYY-MM-DD` (UTC midnight) and `YYYY-MM-DD[T ]HH:MM[:SS[.fraction]][Z|±HH:MM|±HHMM]` (no offset = UTC), with every
 * part in its range. Anything else (hour 24, a week date, an offset of 25 hours, a day that does not exist...)
 * goes to luxon, which says what it always said. tests/unit/config/date-setting.test.ts compares both on many
 * values.
 */
const PLAIN = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:[Zz]|([+-])(\d{2}):?(\d{2}))?)?$/;

/** Days in a month (1-12) of a year ≥ 1000 (Date.UTC reads years below 100 as 19xx). */
const daysIn = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Seconds of a plain form with every part in range; undefined for anything else (luxon decides those). */
function plainSeconds(value: string): number | undefined {
  const m = PLAIN.exec(value);
  if (!m) return undefined;
  const part = (i: number): number => Number(m[i] ?? 0);
  const [year, month, day, hour, minute, second, offHour, offMinute] = [part(1), part(2), part(3), part(4), part(5), part(6), part(8), part(9)];
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59 || offHour > 23 || offMinute > 59) return undefined;
  // A fraction never changes the whole second (luxon keeps milliseconds, and the caller floors).
  const offset = (m[7] === '-' ? -1 : 1) * (offHour * 60 + offMinute);
  return Date.UTC(year, month - 1, day, hour, minute, second) / 1000 - offset * 60;
}

let luxon: { DateTime: typeof LuxonDateTime } | undefined;

function luxonSeconds(value: string): number | undefined {
  luxon ??= createRequire(import.meta.url)('luxon') as { DateTime: typeof LuxonDateTime };
  const parsed = luxon.DateTime.fromISO(value.replace(' ', 'T'), { zone: 'utc', setZone: true, locale: 'en-US' });
  return parsed.isValid ? Math.floor(parsed.toSeconds()) : undefined;
}

/** Parses a start_date/end_date value to Unix seconds (plain dates are UTC midnight). */
export function parseDateSetting(value: string): number | undefined {
  // Luxon also reads a bare time ("10:00") as today; a bookmark or a date setting must name a day.
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return undefined;
  return plainSeconds(value) ?? luxonSeconds(value);
}
