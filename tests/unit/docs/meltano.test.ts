import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { CAPABILITIES } from '../../../src/about.js';
import { KINDS_EVERY_MELTANO_KNOWS, meltanoPluginDefinition, meltanoPluginYaml, meltanoSettings } from '../../../src/meltano.js';
import { SETTING_NAMES } from '../../../src/settings.js';

interface Extractor {
  name: string;
  namespace: string;
  label: string;
  description: string;
  executable: string;
  variant?: string;
  pip_url?: string;
  capabilities: string[];
  settings_group_validation: string[][];
  settings: Array<Record<string, unknown>>;
  select: string[];
  config: Record<string, unknown>;
}

const read = (name: string) => readFileSync(new URL(`../../../${name}`, import.meta.url), 'utf8');
const project = parse(read('meltano.yml')) as { plugins: { extractors: Extractor[] } };
const extractor = project.plugins.extractors.find((e) => e.name === 'tap-tiktok-shop')!;
const pluginFileText = read('meltano-plugin.yml');
const pluginFile = parse(pluginFileText) as Extractor;

describe('meltano.yml', () => {
  test('runs the executable directly: no pip_url', () => {
    expect(extractor.pip_url).toBeUndefined();
    expect(extractor.executable).toBe('tap-tiktok-shop');
    expect(extractor.namespace).toBe('tap_tiktok_shop');
  });

  test('declares exactly the capabilities the tap has', () => {
    expect(extractor.capabilities).toEqual([...CAPABILITIES]);
  });

  test('settings equal the settings schema: secrets are password + sensitive, dates date_iso8601', () => {
    expect(extractor.settings).toEqual(meltanoSettings());
    const byName = new Map(extractor.settings.map((s) => [s.name, s]));
    for (const secret of ['app_secret', 'access_token', 'refresh_token']) expect(byName.get(secret)).toMatchObject({ kind: 'password', sensitive: true });
    for (const date of ['start_date', 'end_date']) expect(byName.get(date)!.kind).toBe('date_iso8601');
    expect(byName.get('invalid_record_action')!.kind).toBe('options');
    expect(byName.get('log_format')).toMatchObject({ kind: 'options', options: [{ value: 'text' }, { value: 'json' }] });
  });

  test('every setting kind is one Meltano 2.x, 3.x and 4.x all know (no decimal: it is 4.0+)', () => {
    for (const setting of [...extractor.settings, ...pluginFile.settings]) {
      expect([setting.name, KINDS_EVERY_MELTANO_KNOWS.includes(setting.kind as never)]).toEqual([setting.name, true]);
    }
    expect(extractor.settings.find((s) => s.name === 'requests_per_second')!.kind).toBe('string');
  });

  test('everything the plugin definition declares, the entry declares alike', () => {
    const definition = meltanoPluginDefinition();
    for (const key of ['namespace', 'label', 'description', 'executable', 'capabilities', 'settings_group_validation', 'settings'] as const) {
      expect([key, extractor[key]]).toEqual([key, definition[key]]);
    }
  });

  test('has a select example', () => {
    expect(extractor.select.length).toBeGreaterThan(0);
  });
});

describe('meltano-plugin.yml (meltano add extractor tap-tiktok-shop --from-ref meltano-plugin.yml)', () => {
  test('is what npm run docs generates from the settings schema', () => {
    expect(pluginFileText).toBe(meltanoPluginYaml());
  });

  test('is one plugin definition as meltano add --from-ref reads it: name, namespace, variant, no pip_url, every setting', () => {
    expect(pluginFile).toEqual(meltanoPluginDefinition());
    expect(pluginFile).toMatchObject({ name: 'tap-tiktok-shop', namespace: 'tap_tiktok_shop', executable: 'tap-tiktok-shop' });
    // Meltano before 3.4 refuses a --from-ref definition without a variant (meltano/meltano#8379).
    expect(typeof pluginFile.variant).toBe('string');
    expect(pluginFile.pip_url).toBeUndefined();
    expect(pluginFile.settings.map((s) => s.name)).toEqual(SETTING_NAMES);
    // Project-level keys (config, select) are not part of a definition: --from-ref drops them.
    expect(Object.keys(pluginFile)).not.toEqual(expect.arrayContaining(['config']));
    expect(Object.keys(pluginFile)).not.toEqual(expect.arrayContaining(['select']));
  });

  test('is in the npm package', () => {
    const pkg = JSON.parse(read('package.json')) as { files: string[] };
    expect(pkg.files).toContain('meltano-plugin.yml');
  });
});
