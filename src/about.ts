import { PACKAGE } from './package-root.js';
import { SETTINGS_SCHEMA, SETTING_NAMES, settingSchema, type SettingSchema } from './settings.js';

/** Only what really works: Meltano passes flags according to this list (the capabilities of the Meltano plugin definition, docs/architecture.md). */
// `structured-logging`: with log_format json the lines follow the Singer SDK's structured schema (log.ts).
// `schema-flattening`: the SDK's flattening_enabled / flattening_max_depth settings (singer/flatten.ts).
export const CAPABILITIES = ['catalog', 'properties', 'discover', 'state', 'about', 'test', 'structured-logging', 'schema-flattening'] as const;

export function aboutInfo(): Record<string, unknown> {
  return {
    name: PACKAGE.name,
    description: PACKAGE.description,
    version: PACKAGE.version,
    sdk_version: null,
    supported_python_versions: null,
    supported_node_versions: PACKAGE.engines.node,
    capabilities: [...CAPABILITIES],
    settings: { ...SETTINGS_SCHEMA, required: [] },
  };
}

function describeType(schema: SettingSchema): string {
  if (schema.type === 'array') return schema.items?.enum ? 'array of enum' : 'array of string';
  return schema.enum ? `enum (${schema.enum.join(', ')})` : schema.type;
}

/** The settings table of README, generated so it cannot drift from the schema (a test compares them). */
export function settingsMarkdown(): string {
  const rows = SETTING_NAMES.map((name) => {
    const schema = settingSchema(name);
    const defaultValue = schema.default === undefined ? '' : `\`${JSON.stringify(schema.default)}\``;
    const range =
      schema.minimum !== undefined || schema.maximum !== undefined
        ? ` Range ${schema.minimum ?? ''}–${schema.maximum ?? ''}.`
        : '';
    const allowed = schema.items?.enum ? ` One or more of ${schema.items.enum.map((v) => `\`${v}\``).join(', ')}.` : '';
    return `| \`${name}\` | ${describeType(schema)}${schema.secret ? ' (secret)' : ''} | ${defaultValue} | ${schema.description ?? ''}${range}${allowed} |`;
  });
  return ['| Setting | Type | Default | Description |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

export function aboutMarkdown(): string {
  const info = aboutInfo();
  return [
    `# ${PACKAGE.name}`,
    '',
    PACKAGE.description,
    '',
    `Version ${PACKAGE.version}; Node ${PACKAGE.engines.node}.`,
    '',
    '## Capabilities',
    '',
    ...(info.capabilities as string[]).map((capability) => `- \`${capability}\``),
    '',
    '## Settings',
    '',
    settingsMarkdown(),
    '',
  ].join('\n');
}

export function aboutText(): string {
  const info = aboutInfo();
  const lines = [
    `Name: ${PACKAGE.name}`,
    `Description: ${PACKAGE.description}`,
    `Version: ${PACKAGE.version}`,
    `Node: ${PACKAGE.engines.node}`,
    `Capabilities: ${(info.capabilities as string[]).join(', ')}`,
    'Settings:',
  ];
  for (const name of SETTING_NAMES) {
    const schema = settingSchema(name);
    lines.push(`  ${name} (${describeType(schema)}${schema.secret ? ', secret' : ''}): ${schema.description ?? ''}`);
  }
  return lines.join('\n') + '\n';
}
