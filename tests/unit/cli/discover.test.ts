/** What --discover prints comes from the build (dist/src/prepared/, npm test builds first) and equals what it works out. */
import { TIME_FORMATS } from '../../../src/singer/times.js';
import { catalogText, discoverText, preparedCatalogText, schemasFingerprint } from '../../../src/commands/discover.js';

describe.each(TIME_FORMATS)('--discover with time_format %s', (format) => {
  test('prints the text the build prepared from these very schemas', async () => {
    expect(await preparedCatalogText(format)).toBeDefined();
    expect(await discoverText(format)).toBe(await preparedCatalogText(format));
  });

  test('which is the catalog worked out from the declarations and schemas/', async () => {
    expect(await preparedCatalogText(format)).toBe(await catalogText(format));
  });
});

test('the schemas fingerprint follows their contents', () => {
  expect(schemasFingerprint()).toMatch(/^[0-9a-f]{64}$/);
  expect(schemasFingerprint()).toBe(schemasFingerprint());
});

test('the formats differ (the fixture is not one text twice)', async () => {
  expect(await catalogText('unix')).not.toBe(await catalogText('rfc3339'));
});
