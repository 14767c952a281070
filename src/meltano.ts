import { CAPABILITIES } from './about.js';
import { SETTING_NAMES, settingSchema, type SettingSchema } from './settings.js';

/**
 * The extractor as Meltano declares it (Meltano's plugin definition: name, namespace, capabilities, settings), generated from the settings
 * schema: the settings block of meltano.yml and the whole of meltano-plugin.yml (for
 * `meltano add extractor tap-tiktok-shop --from-ref meltano-plugin.yml`) come from here (npm run docs), and
 * tests fail when they drift.
 *
 * One definition for every Meltano from 2.x to 4.x: only setting kinds all of them know. `decimal` exists
 * only from 4.0 (meltano/meltano#9374); before, an unknown kind breaks every command. Decimal settings are
 * therefore `string`, which the tap reads back as a number (config.ts). Secrets are `kind: password` (what
 * 2.x and 3.x redact and store in .env) plus `sensitive: true` (what newer versions read instead).
 */
export const KINDS_EVERY_MELTANO_KNOWS = [
  'string',
  'integer',
  'boolean',
  'date_iso8601',
  'email',
  'password',
  'oauth',
  'options',
  'file',
  'array',
  'object',
  'hidden',
] as const;

export interface MeltanoSetting {
  name: string;
  kind: (typeof KINDS_EVERY_MELTANO_KNOWS)[number];
  label: string;
  description: string;
  sensitive?: boolean;
  value?: unknown;
  options?: Array<{ label: string; value: string }>;
}

/**
 * Names no stream: the streams are listed where they are derived from the stream table (README's streams table,
 * `--discover`), so adding one never leaves this text, meltano.yml or meltano-plugin.yml behind.
 */
export const PLUGIN_DESCRIPTION =
  'Singer streams of the TikTok Shop Partner API: orders, fulfilment, returns, products, finance and more (tap-tiktok-shop --discover lists them all)';

/** Alternative minimal sets of settings a sync needs (Meltano checks one of them is complete). */
export const SETTINGS_GROUP_VALIDATION = [
  ['app_key', 'app_secret', 'refresh_token'],
  ['app_key', 'app_secret', 'access_token'],
];

function label(name: string): string {
  return name
    .split('_')
    .map((word) => (['id', 'ids', 'api', 'url'].includes(word) ? word.toUpperCase().replace('IDS', 'IDs') : word[0]!.toUpperCase() + word.slice(1)))
    .join(' ');
}

function kindOf(name: string, schema: SettingSchema): MeltanoSetting['kind'] {
  if (schema.secret) return 'password';
  if (name === 'start_date' || name === 'end_date') return 'date_iso8601';
  if (schema.enum) return 'options';
  if (schema.type === 'integer' || schema.type === 'boolean' || schema.type === 'array' || schema.type === 'object') return schema.type;
  return 'string'; // strings, and numbers with decimals (see above)
}

export function meltanoSettings(): MeltanoSetting[] {
  return SETTING_NAMES.map((name) => {
    const schema = settingSchema(name);
    return {
      name,
      kind: kindOf(name, schema),
      label: label(name),
      description: schema.description ?? '',
      ...(schema.secret ? { sensitive: true } : {}),
      ...(schema.default !== undefined ? { value: schema.default } : {}),
      ...(schema.enum ? { options: schema.enum.map((value) => ({ label: value, value })) } : {}),
    };
  });
}

/**
 * A plugin definition as `meltano add --from-ref` reads it (meltano/meltano cli/add.py, `PluginDefinition`):
 * name, namespace, variant (required by `--from-ref` before Meltano 3.4, meltano/meltano#8379) and the variant's
 * properties. No pip_url: Meltano then runs `executable` as found on PATH, installing nothing.
 */
export function meltanoPluginDefinition(): Record<string, unknown> {
  return {
    name: 'tap-tiktok-shop',
    namespace: 'tap_tiktok_shop',
    variant: 'npm',
    label: 'TikTok Shop',
    description: PLUGIN_DESCRIPTION,
    executable: 'tap-tiktok-shop',
    capabilities: [...CAPABILITIES],
    settings_group_validation: SETTINGS_GROUP_VALIDATION,
    settings: meltanoSettings(),
  };
}

/** A YAML scalar: plain when it cannot be misread (a word, not a YAML keyword), else JSON's quoted form. */
function yamlScalar(value: unknown): string {
  if (typeof value === 'string' && /^[A-Za-z][A-Za-z0-9_.-]*( [A-Za-z0-9_.-]+)*$/.test(value) && !/^(true|false|null|yes|no|on|off|y|n|~)$/i.test(value)) {
    return value;
  }
  return JSON.stringify(value);
}

/** YAML for plain data: block mappings and lists, lists of scalars inline. */
function yamlLines(value: unknown, indent: string): string[] {
  const inline = (item: unknown): string | undefined =>
    Array.isArray(item) && item.every((v) => v === null || typeof v !== 'object')
      ? `[${item.map(yamlScalar).join(', ')}]`
      : item === null || typeof item !== 'object'
        ? yamlScalar(item)
        : undefined;
  if (Array.isArray(value)) {
    return value.flatMap((item) => {
      const text = inline(item);
      if (text !== undefined) return [`${indent}- ${text}`];
      const [first, ...rest] = yamlLines(item, `${indent}  `);
      return [`${indent}- ${first!.trimStart()}`, ...rest];
    });
  }
  const lines: string[] = [];
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (item === undefined) continue;
    const text = inline(item);
    if (text !== undefined) lines.push(`${indent}${key}: ${text}`);
    else lines.push(`${indent}${key}:`, ...yamlLines(item, `${indent}  `));
  }
  return lines;
}

/** The plugin definition file shipped in the package (meltano-plugin.yml). */
export function meltanoPluginYaml(): string {
  return [
    '# Generated by npm run docs from the settings schema; do not edit.',
    '# meltano add extractor tap-tiktok-shop --from-ref meltano-plugin.yml',
    ...yamlLines(meltanoPluginDefinition(), ''),
    '',
  ].join('\n');
}

/** YAML for the `settings:` list, indented to sit under the extractor entry of meltano.yml. */
export function meltanoSettingsYaml(indent = '    '): string {
  return yamlLines(meltanoSettings(), indent).join('\n');
}
