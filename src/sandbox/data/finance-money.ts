/**
 * Signed money for finance records. Amounts are integers in the currency's minor unit until rendered, so every sum
 * is exact; deductions are negative (§9.4: "fee_amount" "-30" in the samples).
 */
import { formatMoney } from '../regions.js';

/** Minor units → signed decimal string in major units ("-1.05", "12.30", IDR "-500"). */
export function formatSigned(minor: number, decimals: number): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`money ${minor} is not an integer amount`);
  return minor < 0 ? '-' + formatMoney(-minor, decimals) : formatMoney(minor, decimals);
}

/** `part` of `amount` in basis points, rounded half away from zero (exact: integer product, one division). */
export function share(amount: number, basisPoints: number): number {
  const p = amount * basisPoints;
  const q = Math.floor((Math.abs(p) + 5000) / 10000);
  return p < 0 ? -q : q;
}

/** An object with every named field set to the rendered zero, then the given minor-unit values rendered over it. */
export function moneyFields(names: readonly string[], values: Readonly<Record<string, number>>, decimals: number): Record<string, string> {
  const out: Record<string, string> = {};
  const zero = formatMoney(0, decimals);
  for (const name of names) {
    const v = values[name];
    out[name] = v === undefined || v === 0 ? zero : formatSigned(v, decimals);
  }
  for (const name of Object.keys(values)) {
    if (!(name in out)) throw new Error(`finance field ${name} is not in its breakdown`);
  }
  return out;
}
