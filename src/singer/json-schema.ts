/** The part of JSON Schema the tap reads and writes (schemas/<stream>.json, SCHEMA messages, discovery). */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  description?: string;
  selected?: boolean;
  [key: string]: unknown;
}
