import { columnName, MAX_COLUMN_BYTES } from '../../../src/singer/column-names.js';

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

test('a name that fits is the property names joined with __', () => {
  expect(columnName(['payment', 'total_amount'])).toBe('payment__total_amount');
  const exactly = 'a'.repeat(MAX_COLUMN_BYTES);
  expect(columnName([exactly])).toBe(exactly);
});

test('a long name first has its parents cut to initials, outermost first, as the Meltano SDK does', () => {
  const path = ['shipping_cost_breakdown', 'supplementary_component', 'fbt_fulfillment_fee_reimbursement_amount'];
  // 90 characters: the outer parent alone is not enough, both are.
  expect(columnName(path)).toBe('scb__sc__fbt_fulfillment_fee_reimbursement_amount');
  expect(columnName(['supplementary_component', 'platform_cofunded_discount_refund_amount'])).toBe('sc__platform_cofunded_discount_refund_amount');
  // A one-word parent keeps three letters; an inner parent is left whole once the name fits, or cut next.
  expect(columnName(['feefeefeefee', 'x'.repeat(50), 'y'])).toBe(`fee__${'x'.repeat(50)}__y`);
  expect(columnName(['fee', 'x'.repeat(55), 'y'])).toBe('fee__xxx__y');
});

test('when initials are not enough: cut, then _ and eight hex digits of the full name, unique and stable', () => {
  const leaf = 'z'.repeat(70);
  const a = columnName(['parent', `${leaf}_a`]);
  const b = columnName(['parent', `${leaf}_b`]);
  expect(bytes(a)).toBe(MAX_COLUMN_BYTES);
  expect(a).toMatch(/^par__z+_[0-9a-f]{8}$/);
  expect(a).not.toBe(b);
  expect(columnName(['parent', `${leaf}_a`])).toBe(a);
});

test('multi-byte names are measured in bytes and never cut inside a character', () => {
  const name = columnName(['é'.repeat(40)]);
  expect(bytes(name)).toBeLessThanOrEqual(MAX_COLUMN_BYTES);
  expect(name).toMatch(/^é+_[0-9a-f]{8}$/);
});
