/**
 * Exact sums of the API's decimal strings ("-30", "10.50"): money must not go through floats, where 0.1 + 0.2 is
 * not 0.3 and a per-statement comparison would report differences that are not there.
 */
export interface Decimal {
  /** The value times 10^scale. */
  units: bigint;
  scale: number;
}

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

/** A decimal string (or an integer number) as an exact Decimal; undefined for anything else. */
export function parseDecimal(value: unknown): Decimal | undefined {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string') return undefined;
  const m = DECIMAL.exec(text.trim());
  if (!m) return undefined;
  const fraction = m[3] ?? '';
  const units = BigInt(`${m[2]}${fraction}`);
  return { units: m[1] === '-' ? -units : units, scale: fraction.length };
}

const rescale = (d: Decimal, scale: number): bigint => d.units * 10n ** BigInt(scale - d.scale);

export function addDecimals(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: rescale(a, scale) + rescale(b, scale), scale };
}

export function sameDecimal(a: Decimal, b: Decimal): boolean {
  const scale = Math.max(a.scale, b.scale);
  return rescale(a, scale) === rescale(b, scale);
}

/** For log lines: the exact value as a decimal string. */
export function formatDecimal(d: Decimal): string {
  const negative = d.units < 0n;
  const digits = (negative ? -d.units : d.units).toString().padStart(d.scale + 1, '0');
  const text = d.scale ? `${digits.slice(0, -d.scale)}.${digits.slice(-d.scale)}` : digits;
  return negative ? `-${text}` : text;
}

/** The exact sum of decimal strings, as a decimal string; undefined when a value is not a decimal string. */
export function sumDecimals(values: readonly unknown[]): string | undefined {
  let total: Decimal = { units: 0n, scale: 0 };
  for (const value of values) {
    const d = typeof value === 'string' ? parseDecimal(value) : undefined;
    if (!d) return undefined;
    total = addDecimals(total, d);
  }
  return formatDecimal(total);
}

/** Whether two decimal strings are the same amount ("1.50" and "1.5"). */
export function sameAmount(a: unknown, b: unknown): boolean {
  const x = typeof a === 'string' ? parseDecimal(a) : undefined;
  const y = typeof b === 'string' ? parseDecimal(b) : undefined;
  return x !== undefined && y !== undefined && sameDecimal(x, y);
}
