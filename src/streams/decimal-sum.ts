/**
 * Exact sums of the API's decimal strings ("-12.30", "5000"): money is never turned into a float, where
 * 0.1 + 0.2 is not 0.3. Undefined when a value is not a plain decimal.
 */
const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;

export function sumDecimals(values: readonly unknown[]): string | undefined {
  let scale = 0;
  const parts: Array<[bigint, number]> = [];
  for (const value of values) {
    const match = typeof value === 'string' ? DECIMAL.exec(value.trim()) : null;
    if (!match) return undefined;
    const fraction = match[3] ?? '';
    parts.push([BigInt(`${match[1]}${match[2]}${fraction}`), fraction.length]);
    scale = Math.max(scale, fraction.length);
  }
  const total = parts.reduce((sum, [units, digits]) => sum + units * 10n ** BigInt(scale - digits), 0n);
  const negative = total < 0n;
  const digits = (negative ? -total : total).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  return `${negative ? '-' : ''}${whole}${scale ? `.${digits.slice(digits.length - scale)}` : ''}`;
}

const negated = (value: string): string => (value.startsWith('-') ? value.slice(1) : `-${value.replace(/^\+/, '')}`);

/** Whether two decimal strings are the same amount ("1.50" and "1.5"). */
export function sameAmount(a: unknown, b: unknown): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  const difference = sumDecimals([a, negated(b.trim())]);
  return difference !== undefined && /^-?0(\.0+)?$/.test(difference);
}
