/** Shipping providers by region (shops ship with them; returns travel back with them). */
export const PROVIDERS: Record<string, readonly string[]> = {
  US: ['USPS', 'UPS', 'FedEx'], GB: ['Royal Mail', 'Evri', 'DPD'], ID: ['J&T Express', 'SiCepat', 'JNE'],
  other: ['J&T Express', 'Ninja Van', 'SPX Express', 'Flash Express'],
};

export function providersOf(region: string): readonly string[] {
  return PROVIDERS[region] ?? PROVIDERS['other'] ?? ['Courier'];
}
