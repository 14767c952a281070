import type { JsonSchema } from './json-schema.js';

/**
 * The schema a SCHEMA message and discovery announce, without `format: date-time` on the properties of a nested
 * object that can be null (`packages.pickup_slot.start_time`, whose parent is null in every record without
 * package_detail). Their values are unchanged: RFC 3339 strings, or null.
 *
 * Why: singer-check-tap, the Singer project's own output checker (singer-io/singer-tools, singertools/check_tap.py,
 * `extend_with_default`'s inner `set_defaults`), checks date-time values by calling `instance.get(prop)` on every
 * object schema it validates against, including when the value is null, and dies with AttributeError on a null
 * object whose properties hold a date-time. A nested time carries no column type anyway: the object it sits in
 * loads as one JSON column. The top level (timestamp columns) and flattened columns keep their format.
 */
export function withoutTimeFormatsUnderNullObjects(schema: JsonSchema): JsonSchema {
  return walk(schema, true);
}

const typesOf = (node: JsonSchema): string[] => (node.type === undefined ? [] : Array.isArray(node.type) ? node.type : [node.type]);

/** Only an object can reach the `properties` check: a node typed exactly `object` (or the record itself). */
const alwaysObject = (node: JsonSchema): boolean => {
  const types = typesOf(node);
  return types.length === 1 && types[0] === 'object';
};

function walk(node: JsonSchema, isRecord: boolean): JsonSchema {
  const out: JsonSchema = { ...node };
  if (node.properties) {
    const strip = !isRecord && !alwaysObject(node);
    out.properties = Object.fromEntries(
      Object.entries(node.properties).map(([name, child]) => {
        const walked = walk(child, false);
        if (strip && walked.format === 'date-time') delete walked.format;
        return [name, walked];
      }),
    );
  }
  if (node.items && typeof node.items === 'object' && !Array.isArray(node.items)) out.items = walk(node.items as JsonSchema, false);
  if (Array.isArray(node.anyOf)) out.anyOf = (node.anyOf as JsonSchema[]).map((branch) => walk(branch, false));
  return out;
}
