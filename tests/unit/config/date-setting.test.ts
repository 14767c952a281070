/**
 * Date settings and bookmark strings mean what luxon's ISO reading made of them (the tap's reference since the
 * start): src/date-setting.ts reads the plain forms itself, and must agree with luxon on every value below,
 * valid or not, in range or not.
 */
import { DateTime } from 'luxon';
import { parseDateSetting } from '../../../src/date-setting.js';

function reference(value: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return undefined;
  const parsed = DateTime.fromISO(value.replace(' ', 'T'), { zone: 'utc', setZone: true, locale: 'en-US' });
  return parsed.isValid ? Math.floor(parsed.toSeconds()) : undefined;
}

const DATES = ['0000-01-01', '0099-12-31', '0999-06-15', '1000-01-01', '1969-12-31', '1970-01-01', '2000-02-29', '2023-02-29', '2024-02-29',
  '2024-02-30', '2024-04-31', '2024-12-31', '2024-00-10', '2024-13-01', '2024-01-00', '2024-01-32', '2100-02-29', '9999-12-31'];
const TIMES = ['', 'T00:00', 'T23:59', 'T24:00', 'T24:30', 'T25:00', 'T12:60', 'T10', 'T1000', 'T10:00:00', 'T10:00:59', 'T10:00:60',
  'T10:00:00.5', 'T10:00:00.999999', 'T10:00:00.', 'T10:00:00,5', 't10:00', ' 10:00', '  10:00', 'T10:00 '];
const ZONES = ['', 'Z', 'z', '+00:00', '-00:00', '+05:30', '+0530', '-12:00', '-1200', '+14:00', '+23:59', '+24:00', '+99:00', '+05:60', '+5:30', '+05', 'UTC'];

describe('parseDateSetting agrees with luxon', () => {
  const values = DATES.flatMap((date) => TIMES.flatMap((time) => (time === '' ? ['', ...ZONES] : ZONES).map((zone) => `${date}${time}${zone}`)));

  test(`on ${values.length} dates, times and offsets, valid or not`, () => {
    const differ = values.filter((value) => parseDateSetting(value) !== reference(value)).map((value) => [value, parseDateSetting(value), reference(value)]);
    expect(differ).toEqual([]);
    // Not vacuous: both kinds of answer occur, and the plain form is among the valid ones.
    expect(values.filter((value) => reference(value) === undefined).length).toBeGreaterThan(100);
    expect(parseDateSetting('2024-01-31T10:00:00Z')).toBe(Date.UTC(2024, 0, 31, 10) / 1000);
  });

  test('on other forms luxon reads (and those it does not)', () => {
    for (const value of ['+002024-01-01', '2024-W01', '2024-001', '20240101', '10:00', '', 'soon', '2024-01-01T10:00:00.123+05:30[Asia/Kolkata]']) {
      expect([value, parseDateSetting(value)]).toEqual([value, reference(value)]);
    }
  });
});
