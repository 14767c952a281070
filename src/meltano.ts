import { SETTING_NAMES, settingSchema, type SettingSchema } from './settings.js';

/**
 * The extractor's settings as Meltano declares them (../shared/singer-meltano.md §3.1): secrets are
 * `kind: password` + `sensitive`, dates `date_iso8601`, enums `options`. meltano.yml's settings block is
 * generated from this (npm run docs), and a test fails when they drift.
 */
export interface MeltanoSetting {
  name: string;
  kind: string;
  label: string;
  description: string;
  sensitive?: boolean;
  value?: unknown;
  options?: Array<{ label: string; value: string }>;
}

function label(name: string): string {
  return name
    .split('_')
    .map((word) => (['id', 'ids', 'api', 'url'].includes(word) ? word.toUpperCase().replace('IDS', 'IDs') : word[0]!.toUpperCase() + word.slice(1)))
    .join(' ');
}

function kindOf(name: string, schema: SettingSchema): string {
  if (schema.secret) return 'password';
  if (name === 'start_date' || name === 'end_date') return 'date_iso8601';
  if (schema.enum) return 'options';
  if (schema.type === 'number') return 'decimal';
  return schema.type;
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

/** YAML for the `settings:` list, indented to sit under the extractor entry. */
export function meltanoSettingsYaml(indent = '    '): string {
  const lines: string[] = [];
  for (const setting of meltanoSettings()) {
    lines.push(`${indent}- name: ${setting.name}`);
    lines.push(`${indent}  kind: ${setting.kind}`);
    lines.push(`${indent}  label: ${setting.label}`);
    lines.push(`${indent}  description: ${JSON.stringify(setting.description)}`);
    if (setting.sensitive) lines.push(`${indent}  sensitive: true`);
    if (setting.value !== undefined) lines.push(`${indent}  value: ${JSON.stringify(setting.value)}`);
    if (setting.options) {
      lines.push(`${indent}  options:`);
      for (const option of setting.options) lines.push(`${indent}  - {label: ${option.label}, value: ${option.value}}`);
    }
  }
  return lines.join('\n');
}
