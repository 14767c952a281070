/** Query-string and JSON-body parameter parsing; every refusal is the gateway's 36009004 "Invalid param". */
import { param } from './api-error.js';

export function pageSize(q: Record<string, string>, min: number, max: number, fallback: number | undefined): number {
  const raw = q['page_size'];
  if (raw === undefined || raw === '') {
    if (fallback === undefined) throw param('page_size is required');
    return fallback;
  }
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) throw param(`page_size must be between ${min} and ${max}`);
  return Number(raw);
}

export function enumParam<T extends string>(q: Record<string, string>, key: string, allowed: readonly T[], fallback: T): T {
  const raw = q[key];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw param(`${key} must be one of ${allowed.join(', ')}`);
  return raw as T;
}

export function parseBody(body: string): Record<string, unknown> {
  if (body.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw param('the request body is not valid JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw param('the request body must be a JSON object');
  return parsed as Record<string, unknown>;
}

export function optTime(b: Record<string, unknown>, key: string): number | undefined {
  const v = b[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw param(`${key} must be a Unix time in seconds`);
  return v;
}

export function optString(b: Record<string, unknown>, key: string): string | undefined {
  const v = b[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw param(`${key} must be a string`);
  return v;
}

export function optBool(b: Record<string, unknown>, key: string): boolean | undefined {
  const v = b[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw param(`${key} must be a boolean`);
  return v;
}

export function optStrings(b: Record<string, unknown>, key: string, max: number): string[] | undefined {
  const v = b[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw param(`${key} must be an array of strings`);
  if (v.length > max) throw param(`${key} accepts at most ${max} values`);
  return v as string[];
}
