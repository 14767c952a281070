import { signRequest } from '../../../src/tiktok/signing.js';

/** Every vector of tiktok-shop-api.md §2.3. */
const C1_QUERY = {
  app_key: '38abcd',
  page_size: '50',
  shop_cipher: 'ROW_TestCipher123',
  sort_field: 'update_time',
  sort_order: 'ASC',
  timestamp: '1700000000',
};
const C1_BODY = '{"update_time_ge":1699913600,"update_time_lt":1700000000}';

const vectors: Array<[string, string, string, Record<string, string>, string, string]> = [
  ['V1', 'e59af819cc', '/authorization/202309/shops', { app_key: '29a39d', timestamp: '1623812664' }, '', 'b596b73e0cc6de07ac26f036364178ab16b0a907af13d43f0a0cd2345f582dc8'],
  [
    'V2',
    'e59af819cc',
    '/event/202309/webhooks',
    { app_key: '68xu9ks5p4i8', shop_cipher: 'ROW_xkMbgAAAeVAQra0eZWebFQq5aIK', timestamp: '1696909648' },
    '',
    'ed58e1b5e59865c22a7b828c1cab65007441f43cc91a6cb2f2cdc638e0995a37',
  ],
  [
    'V3',
    'e59af819cc',
    '/event/202309/webhooks',
    { app_key: '68xu9ks5p4i8', shop_cipher: 'ROW_xkMbgAAAeVAQra0eZWebFQq5aIK', timestamp: '1696909648' },
    '{"event_type":"PACKAGE_UPDATE","address":"https://partner.tiktokshop.com"}',
    '701dd6deb2389fe4c469b89bd37fc56f96a6da6afeb4d01c9077a65169752fa7',
  ],
  ['V4', 'app_secret', '/test-api', { foo: 'bar' }, '', 'd3cb7fe11ecae942802ceeca67e7cf10120cc12f1517d45fbc1c8cfe5413c80f'],
  [
    'V5',
    'e59af819cc',
    '/event/202309/webhooks',
    { app_key: '68xu9ks5p4i8', shop_cipher: 'ROW_xkMbgAAAeVAQra0eZWebFQq5aIKt', timestamp: '1696909648' },
    '{"address":"https://partner.tiktokshop.com","event_type":"PACKAGE_UPDATE"}',
    'a75b9c8cd57140cab6dc95bf31c37bd6ffface74210768b6517c0ff81659b0ba',
  ],
  ['C1', 's3cr3t', '/order/202309/orders/search', C1_QUERY, C1_BODY, '77175c619f979c4b91aa67c87388f1bb2e9fa95d1550fdf33ae327fa301b6aee'],
  [
    'C2',
    's3cr3t',
    '/order/202309/orders/search',
    { ...C1_QUERY, page_token: 'aDU2dHIz+MlFh/ME5C==', access_token: 'TTP_xyz' },
    C1_BODY,
    'a7fd470b139d28872e0bcd232c2fd7e56fe69662e81174d0a55cbfd8c2b7f575',
  ],
  [
    'C3',
    's3cr3t',
    '/order/202507/orders',
    { app_key: '38abcd', ids: '576461413038785752,576461413038785753', shop_cipher: 'ROW_TestCipher123', timestamp: '1700000000' },
    '',
    '7b1bc4acc16cdda19bd1453340771644763d5714d6c1e385419801bee942e4ab',
  ],
  [
    'C4',
    's3cr3t',
    '/return_refund/202309/returns/search',
    { app_key: '38abcd', page_size: '50', shop_cipher: 'ROW_TestCipher123', timestamp: '1700000000' },
    '{}',
    '122df57c6b4e1c8d60e3b7ae716b68094ed6ffad8608478b768fd60f9b87c032',
  ],
];

describe('signRequest (§2.3 vectors)', () => {
  test.each(vectors)('%s', (_name, secret, path, query, body, expected) => {
    expect(signRequest(secret, path, query, body)).toBe(expected);
  });

  test('C2: access_token and sign are excluded, an empty value is neither signed', () => {
    const c2 = vectors.find((v) => v[0] === 'C2')!;
    const withSign = { ...c2[3], sign: 'whatever', empty: '' };
    expect(signRequest(c2[1], c2[2], withSign, c2[4])).toBe(c2[5]);
    const withoutToken = { ...C1_QUERY, page_token: 'aDU2dHIz+MlFh/ME5C==' };
    expect(signRequest('s3cr3t', '/order/202309/orders/search', withoutToken, C1_BODY)).toBe(c2[5]);
  });

  test('body bytes matter: V5 signed with V3\'s body (same keys, another order) is another sign', () => {
    const [, secret, path, query, body, expected] = vectors[4]!;
    const otherBody = vectors[2]![4];
    expect(otherBody).not.toBe(body);
    expect(signRequest(secret, path, query, body)).toBe(expected);
    expect(signRequest(secret, path, query, otherBody)).not.toBe(expected);
  });
});
