/**
 * Markets the sandbox's shops live in. Money is held as integers in the currency's minor unit and rendered
 * as a decimal string in major units with the currency's number of decimals (§5: "19.99", IDR "5000").
 */
export interface Market {
  region: string;
  currency: string;
  /** Digits after the decimal point (0 for IDR/VND). */
  decimals: number;
  /** Unit price range in minor units, and the step prices are rounded to. */
  priceMin: number;
  priceMax: number;
  priceStep: number;
  /** Typical shipping fee range (minor units). */
  shipMin: number;
  shipMax: number;
  /** Sales tax added on top of the price (US); 0 where prices include VAT. */
  taxRate: number;
  /** Markets with market-specific fees. */
  retailDeliveryFee: number;
  buyerServiceFee: number;
  smallOrderFee: number;
  smallOrderThreshold: number;
  cities: readonly (readonly [string, string, string])[];
  countryName: string;
  stateLevel: string;
  language: string;
}

export const MARKETS: readonly Market[] = [
  {
    region: 'US', currency: 'USD', decimals: 2, priceMin: 499, priceMax: 12999, priceStep: 100,
    shipMin: 399, shipMax: 899, taxRate: 0.0825, retailDeliveryFee: 28, buyerServiceFee: 0, smallOrderFee: 0,
    smallOrderThreshold: 0, countryName: 'United States', stateLevel: 'State', language: 'en-US',
    cities: [['San Francisco', 'California', '94107'], ['Austin', 'Texas', '73301'], ['Denver', 'Colorado', '80202'],
      ['Brooklyn', 'New York', '11201'], ['Seattle', 'Washington', '98101'], ['Miami', 'Florida', '33101']],
  },
  {
    region: 'GB', currency: 'GBP', decimals: 2, priceMin: 399, priceMax: 8999, priceStep: 100,
    shipMin: 299, shipMax: 599, taxRate: 0, retailDeliveryFee: 0, buyerServiceFee: 0, smallOrderFee: 0,
    smallOrderThreshold: 0, countryName: 'United Kingdom', stateLevel: 'Country', language: 'en-GB',
    cities: [['London', 'England', 'E1 6AN'], ['Manchester', 'England', 'M1 1AE'], ['Leeds', 'England', 'LS1 4AP'],
      ['Glasgow', 'Scotland', 'G1 1XQ'], ['Cardiff', 'Wales', 'CF10 1EP']],
  },
  {
    region: 'ID', currency: 'IDR', decimals: 0, priceMin: 15000, priceMax: 900000, priceStep: 500,
    shipMin: 9000, shipMax: 30000, taxRate: 0, retailDeliveryFee: 0, buyerServiceFee: 1000, smallOrderFee: 0,
    smallOrderThreshold: 0, countryName: 'Indonesia', stateLevel: 'Province', language: 'id-ID',
    cities: [['Jakarta Selatan', 'DKI Jakarta', '12190'], ['Bandung', 'Jawa Barat', '40111'],
      ['Surabaya', 'Jawa Timur', '60111'], ['Medan', 'Sumatera Utara', '20111']],
  },
  {
    region: 'MY', currency: 'MYR', decimals: 2, priceMin: 990, priceMax: 39900, priceStep: 10,
    shipMin: 490, shipMax: 1200, taxRate: 0, retailDeliveryFee: 0, buyerServiceFee: 0, smallOrderFee: 0,
    smallOrderThreshold: 0, countryName: 'Malaysia', stateLevel: 'State', language: 'ms-MY',
    cities: [['Kuala Lumpur', 'Wilayah Persekutuan', '50000'], ['George Town', 'Penang', '10000'],
      ['Johor Bahru', 'Johor', '80000']],
  },
  {
    region: 'TH', currency: 'THB', decimals: 2, priceMin: 4900, priceMax: 299000, priceStep: 100,
    shipMin: 2900, shipMax: 6000, taxRate: 0, retailDeliveryFee: 0, buyerServiceFee: 0, smallOrderFee: 1000,
    smallOrderThreshold: 10000, countryName: 'Thailand', stateLevel: 'Province', language: 'th-TH',
    cities: [['Bangkok', 'Bangkok', '10110'], ['Chiang Mai', 'Chiang Mai', '50000'], ['Phuket', 'Phuket', '83000']],
  },
  {
    region: 'VN', currency: 'VND', decimals: 0, priceMin: 30000, priceMax: 2000000, priceStep: 1000,
    shipMin: 15000, shipMax: 40000, taxRate: 0, retailDeliveryFee: 0, buyerServiceFee: 0, smallOrderFee: 0,
    smallOrderThreshold: 0, countryName: 'Vietnam', stateLevel: 'Province', language: 'vi-VN',
    cities: [['Ho Chi Minh City', 'Ho Chi Minh', '700000'], ['Hanoi', 'Ha Noi', '100000'], ['Da Nang', 'Da Nang', '550000']],
  },
  {
    region: 'SG', currency: 'SGD', decimals: 2, priceMin: 390, priceMax: 15900, priceStep: 10,
    shipMin: 199, shipMax: 599, taxRate: 0, retailDeliveryFee: 0, buyerServiceFee: 0, smallOrderFee: 0,
    smallOrderThreshold: 0, countryName: 'Singapore', stateLevel: 'Country', language: 'en-SG',
    cities: [['Singapore', 'Singapore', '018956'], ['Singapore', 'Singapore', '238801']],
  },
  {
    region: 'PH', currency: 'PHP', decimals: 2, priceMin: 9900, priceMax: 499900, priceStep: 100,
    shipMin: 3600, shipMax: 9000, taxRate: 0, retailDeliveryFee: 0, buyerServiceFee: 0, smallOrderFee: 0,
    smallOrderThreshold: 0, countryName: 'Philippines', stateLevel: 'Province', language: 'en-PH',
    cities: [['Quezon City', 'Metro Manila', '1100'], ['Cebu City', 'Cebu', '6000'], ['Davao City', 'Davao del Sur', '8000']],
  },
];

const TEN = [1, 10, 100, 1000];

/** Minor units → decimal string in major units ("12.30", IDR "5000"). Negative values are not produced. */
export function formatMoney(minor: number, decimals: number): string {
  if (decimals === 0) return String(minor);
  const scale = TEN[decimals] ?? 100;
  const whole = Math.floor(minor / scale);
  const frac = minor - whole * scale;
  return `${whole}.${String(frac).padStart(decimals, '0')}`;
}

/** Decimal string in major units → minor units (for tests checking the arithmetic). */
export function parseMoney(text: string, decimals: number): number {
  const [whole = '0', frac = ''] = text.split('.');
  const scale = TEN[decimals] ?? 100;
  return Number(whole) * scale + Number((frac + '000').slice(0, decimals) || '0');
}

export const PRODUCT_ADJECTIVES = ['Ceramic', 'Bamboo', 'Wireless', 'Organic', 'Stainless', 'Vintage', 'Compact', 'Foldable',
  'Waterproof', 'Handmade', 'Linen', 'Magnetic', 'Portable', 'Scented', 'Ergonomic', 'Classic'] as const;
export const PRODUCT_NOUNS = ['Mug', 'Water Bottle', 'Earbuds', 'Face Serum', 'Lunch Box', 'Phone Case', 'Yoga Mat', 'Backpack',
  'Desk Lamp', 'Candle', 'Throw Pillow', 'Hair Clip Set', 'Notebook', 'Sunglasses', 'T-Shirt', 'Sneakers', 'Tote Bag',
  'Cutting Board', 'Plant Pot', 'Charging Cable'] as const;
export const COLORS = ['Black', 'White', 'Blue', 'Red', 'Green', 'Beige', 'Pink', 'Grey'] as const;
export const SIZES = ['S', 'M', 'L', 'XL', '250ml', '500ml', '1L'] as const;
export const FIRST_NAMES = ['Alex', 'Sam', 'Jordan', 'Taylor', 'Morgan', 'Casey', 'Riley', 'Jamie', 'Avery', 'Quinn',
  'Budi', 'Siti', 'Aisyah', 'Minh', 'Linh', 'Somchai', 'Nurul', 'Wei', 'Maria', 'Jose'] as const;
export const LAST_NAMES = ['Smith', 'Nguyen', 'Tan', 'Santoso', 'Garcia', 'Brown', 'Lee', 'Wong', 'Rahman', 'Silva',
  'Jones', 'Tran', 'Lim', 'Wilson', 'Reyes'] as const;
export const STREETS = ['Main St', 'High Street', 'Jalan Sudirman', 'Orchard Road', 'Market St', 'Park Ave', 'Station Road',
  'Nguyen Hue', 'Sukhumvit Rd', 'Rizal Ave'] as const;
export const SHOP_WORDS = ['Acme', 'Sunrise', 'Blue Fern', 'Nimbus', 'Kopi', 'Lotus', 'Harbor', 'Maple', 'Cedar', 'Orbit'] as const;
export const SHOP_KINDS = ['Home', 'Beauty', 'Gadgets', 'Outfitters', 'Living', 'Goods'] as const;
