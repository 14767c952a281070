import { Ajv } from 'ajv';
import { SETTINGS_SCHEMA } from '../../../src/settings.js';
import { loadSchema, schemaFiles } from '../schemas/schema-helpers.js';

/**
 * The tap compiles its schemas without checking them against JSON Schema's meta-schema (src/validation/ajv.ts:
 * that check would compile the meta-schema on every run). This is where they are checked instead: every stream
 * schema and the settings schema are valid draft-07 schemas.
 */
describe('the tap\'s own schemas are valid JSON Schema', () => {
  const ajv = new Ajv({ strict: false });
  const problems = (schema: object) => (ajv.validateSchema(schema) ? [] : ajv.errors!.map((e) => `${e.instancePath} ${e.message}`));

  test.each(schemaFiles().map((file) => file.replace(/\.json$/, '')))('schemas/%s.json', (stream) => {
    expect(problems(loadSchema(stream))).toEqual([]);
  });

  test('the settings schema', () => {
    expect(problems(SETTINGS_SCHEMA)).toEqual([]);
  });

  test('the check finds a broken schema (a misspelt type, a negative minimum length)', () => {
    expect(problems({ type: 'object', properties: { id: { type: 'strin' }, name: { type: 'string', minLength: -1 } } })).not.toEqual([]);
  });
});
