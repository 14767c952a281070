import { DateTime } from 'luxon';

/**
 * A start_date / end_date value, or a bookmark string, as Unix seconds (whole seconds, floored): any ISO 8601 date or
 * date-time luxon reads, a space allowed for the `T`; no offset means UTC, and a bare date is UTC midnight.
 */
export function parseDateSetting(value: string): number | undefined {
  // Luxon also reads a bare time ("10:00") as today; a bookmark or a date setting must name a day.
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return undefined;
  const parsed = DateTime.fromISO(value.replace(' ', 'T'), { zone: 'utc', setZone: true, locale: 'en-US' });
  return parsed.isValid ? Math.floor(parsed.toSeconds()) : undefined;
}
