import { parseKeepingBigIntegers, quoteBigIntegers } from '../../../src/tiktok/big-integers.js';
import { interpretReply } from '../../../src/tiktok/reply.js';

describe('integers too long for a double', () => {
  test('a 19-digit id above 2^53 keeps every digit, as a string', () => {
    const parsed = parseKeepingBigIntegers('{"skus":[{"id":1732333333333333629,"product_id":-1732333333333333630,"units_sold":10}]}') as {
      skus: Array<Record<string, unknown>>;
    };
    expect(parsed.skus[0]).toEqual({ id: '1732333333333333629', product_id: '-1732333333333333630', units_sold: 10 });
    // What plain JSON.parse does to it: the reason for all this.
    expect(String((JSON.parse('{"id":1732333333333333629}') as { id: number }).id)).not.toBe('1732333333333333629');
  });

  test('strings, escapes, decimals, exponents and short integers are left as they are', () => {
    const text =
      '{"a":"1732333333333333629","b":"x\\"1732333333333333629\\"","c":1.17323333333333336,"d":17323333333333336.5,' +
      '"e":1e17323333333333336,"f":1234567890,"g":[1732333333333333629, 9007199254740993],"h":"\\\\","i":1732333333333333629}';
    const parsed = parseKeepingBigIntegers(text) as Record<string, unknown>;
    expect(parsed.a).toBe('1732333333333333629');
    expect(parsed.b).toBe('x"1732333333333333629"');
    expect(typeof parsed.c).toBe('number');
    expect(typeof parsed.d).toBe('number');
    expect(parsed.f).toBe(1234567890);
    expect(parsed.g).toEqual(['1732333333333333629', '9007199254740993']);
    expect(parsed.h).toBe('\\');
    expect(parsed.i).toBe('1732333333333333629');
  });

  test('a reply without 16 digits in a row is parsed unchanged (same text)', () => {
    const text = '{"code":0,"data":{"n":123456789012345}}';
    expect(quoteBigIntegers(text)).toBe(text);
  });

  test('a reply whose long ids are all strings is parsed unchanged (same text); one long number anywhere is rewritten', () => {
    const text = '{"code":0,"data":{"orders":[{"id":"576461413038785752","line_items":[{"id":"576461413038785753","sku_id":"1729"}]}]}}';
    expect(quoteBigIntegers(text)).toBe(text);
    const cases: Array<[string, string]> = [['[', '[1732333333333333629]'], [',', '[1, 1732333333333333629]'], [':', '{"x": -1732333333333333629}']];
    for (const [at, literal] of cases) {
      expect([at, quoteBigIntegers(literal)]).toEqual([at, literal.replace('1732333333333333629', '"1732333333333333629"').replace('-"', '"-')]);
    }
  });

  test('the reply reader uses it', () => {
    const outcome = interpretReply({ statusCode: 200, headers: {}, body: '{"code":0,"message":"Success","request_id":"r","data":{"skus":[{"id":1732333333333333629}]}}' }, []);
    expect(outcome.ok && (outcome.data as { skus: Array<{ id: unknown }> }).skus[0]!.id).toBe('1732333333333333629');
  });
});
