/**
 * One place that knows which strings are secret. Every log line and every error message that leaves
 * the process passes through `redact`, so a token that slips into a URL, a body or an exception text
 * is masked even where the code that produced it forgot.
 */
const secrets = new Set<string>();
let sorted: string[] | undefined;

/** Patterns that look secret whatever their value: signatures and token-bearing query parameters. */
const SECRET_PARAMS = /\b(sign|app_secret|access_token|refresh_token|x-tts-access-token|auth_code)(["']?\s*[=:]\s*["']?)([^&"'\s,}]+)/gi;

export const MASK = '***';

/**
 * The forms a secret takes once it has travelled: as sent in a query (percent-encoded, by encodeURIComponent or
 * form-style with `+` for a space, hex digits either case, or twice), as echoed inside a JSON string (escaped, `/` maybe
 * as `\/`). A server that echoes our request back in an error quotes whichever form it saw, so each is masked.
 */
export function secretForms(value: string): string[] {
  const forms = new Set<string>([value]);
  const percent = encodeURIComponent(value);
  const form = new URLSearchParams({ v: value }).toString().slice(2);
  // Encoded twice too: a whole URL quoted inside another query or message.
  for (const encoded of [percent, percent.replace(/%20/g, '+'), form, encodeURIComponent(percent)]) {
    forms.add(encoded);
    forms.add(encoded.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()));
  }
  for (const text of [...forms]) {
    const json = JSON.stringify(text).slice(1, -1);
    forms.add(json);
    forms.add(json.replace(/\//g, '\\/'));
  }
  // Longest first, so a form that contains another is masked whole.
  return [...forms].sort((a, b) => b.length - a.length);
}

/** Remember a secret value (short values are ignored: masking "1" would garble every line). */
export function registerSecret(value: unknown): void {
  if (typeof value !== 'string' || value.length < 6) return;
  for (const form of secretForms(value)) secrets.add(form);
  sorted = undefined;
}

export function forgetSecrets(): void {
  secrets.clear();
  sorted = undefined;
}

/** Replace every occurrence of each value (in every form of `secretForms`) by the mask. */
export function maskValues(text: string, values: Iterable<string>): string {
  let out = text;
  for (const value of values) {
    if (value && out.includes(value)) out = out.split(value).join(MASK);
  }
  return out;
}

export function redact(text: string): string {
  const out = text.replace(SECRET_PARAMS, (_m, key: string, sep: string) => `${key}${sep}${MASK}`);
  return maskValues(out, sortedSecrets());
}

/** Registered forms, longest first; re-sorted only after a secret was added. */
function sortedSecrets(): string[] {
  sorted ??= [...secrets].sort((a, b) => b.length - a.length);
  return sorted;
}
