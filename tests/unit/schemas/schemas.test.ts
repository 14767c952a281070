/** Structural rules every stream schema follows (see schemas/ and the stream table in schema-helpers). */
import {
  STREAMS,
  errorsOf,
  loadSchema,
  schemaFiles,
  strictAjv,
  type SchemaNode,
  type StreamSchema,
} from './schema-helpers.js';

const streams = Object.keys(STREAMS).sort();

/** Every sub-schema with its JSON pointer, the root excluded. */
function* subSchemas(node: SchemaNode, path = ''): Generator<[string, SchemaNode]> {
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    yield [`${path}/properties/${name}`, child];
    yield* subSchemas(child, `${path}/properties/${name}`);
  }
  if (node.items) {
    yield [`${path}/items`, node.items];
    yield* subSchemas(node.items, `${path}/items`);
  }
  for (const [i, branch] of (node.anyOf ?? []).entries()) {
    yield [`${path}/anyOf/${i}`, branch];
    yield* subSchemas(branch, `${path}/anyOf/${i}`);
  }
}

const typesOf = (node: SchemaNode): string[] =>
  node.anyOf ? node.anyOf.flatMap(typesOf) : node.type === undefined ? [] : ([] as string[]).concat(node.type);

/** The smallest record the schema accepts: required fields only. */
function minimalRecord(schema: StreamSchema): Record<string, unknown> {
  return Object.fromEntries(
    schema.required.map((name) => [name, schema.properties[name]?.type === 'integer' ? 1740826800 : `${name}-1`]),
  );
}

test('there is exactly one schema file per stream', () => {
  expect(schemaFiles()).toEqual(streams.map((s) => `${s}.json`));
});

describe.each(streams)('%s', (stream) => {
  const schema = loadSchema(stream);
  const { keys, incremental, replicationKey = 'update_time' } = STREAMS[stream]!;

  test('compiles with ajv in strict mode (with ajv-formats)', () => {
    expect(() => strictAjv().compile(schema)).not.toThrow();
  });

  test('is an open draft-07 object with a description (fields TikTok adds pass through)', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBe(true);
    expect(schema.description).toEqual(expect.stringMatching(/reference §(?:[59]|1[0-9])\.\d/));
  });

  test('uses no $ref and no format (times are integers, money is plain strings)', () => {
    expect(JSON.stringify(schema)).not.toContain('"$ref"');
    const withFormat = [...subSchemas(schema)].filter(([, node]) => node.format !== undefined).map(([p]) => p);
    expect(withFormat).toEqual([]);
  });

  test('key properties and shop_id are required, non-null strings (a day report\'s replication key in its key: an integer)', () => {
    for (const name of [...keys, 'shop_id']) {
      expect(schema.required).toContain(name);
      expect(schema.properties[name]?.type).toBe(name === replicationKey ? 'integer' : 'string');
    }
  });

  test('required fields are declared', () => {
    for (const name of schema.required) expect(schema.properties).toHaveProperty([name]);
  });

  if (incremental) {
    test(`${replicationKey} is a required, non-null integer (replication key)`, () => {
      expect(schema.required).toContain(replicationKey);
      expect(schema.properties[replicationKey]?.type).toBe('integer');
    });
  }

  test('every field that is not required accepts null, and every field has a type', () => {
    const optional = Object.entries(schema.properties).filter(([name]) => !schema.required.includes(name));
    expect(optional.filter(([, node]) => !typesOf(node).includes('null')).map(([n]) => n)).toEqual([]);
    const untyped = [...subSchemas(schema)].filter(([, node]) => typesOf(node).length === 0).map(([p]) => p);
    expect(untyped).toEqual([]);
  });

  test('nested objects let unknown fields through', () => {
    const closed = [...subSchemas(schema)]
      .filter(([, node]) => typesOf(node).includes('object') && node.additionalProperties !== true)
      .map(([p]) => p);
    expect(closed).toEqual([]);
  });

  test('a record with only the required fields is valid, and so is one with every other field null', () => {
    const minimal = minimalRecord(schema);
    expect(errorsOf(stream, minimal)).toEqual([]);
    const allNull = Object.fromEntries(Object.keys(schema.properties).map((name) => [name, null]));
    expect(errorsOf(stream, { ...allNull, ...minimal })).toEqual([]);
  });

  test('an unknown top-level field is accepted (the tap passes it through and logs it once)', () => {
    expect(errorsOf(stream, { ...minimalRecord(schema), not_in_schema: 'x' })).toEqual([]);
  });

  test.each([...keys, 'shop_id'])('a record without %s is rejected, and so is a null one', (name) => {
    const { [name]: _dropped, ...rest } = minimalRecord(schema);
    expect(errorsOf(stream, rest)).toEqual([expect.stringContaining(`must have required property '${name}'`)]);
    expect(errorsOf(stream, { ...rest, [name]: null })).toEqual([expect.stringContaining(name === replicationKey ? 'must be integer' : 'must be string')]);
  });

  if (incremental) {
    test(`${replicationKey} must be an integer`, () => {
      expect(errorsOf(stream, { ...minimalRecord(schema), [replicationKey]: null })).not.toEqual([]);
      expect(errorsOf(stream, { ...minimalRecord(schema), [replicationKey]: '1740826800' })).not.toEqual([]);
    });
  }
});
