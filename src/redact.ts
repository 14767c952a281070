/**
 * One place that knows which strings are secret. Every log line and every error message that leaves
 * the process passes through `redact`, so a token that slips into a URL, a body or an exception text
 * is masked even where the code that produced it forgot.
 */
const secrets = new Set<string>();

/** Patterns that look secret whatever their value: signatures and token-bearing query parameters. */
const SECRET_PARAMS = /\b(sign|app_secret|access_token|refresh_token|x-tts-access-token|auth_code)(["']?\s*[=:]\s*["']?)([^&"'\s,}]+)/gi;

export const MASK = '***';

/** Remember a secret value (short values are ignored: masking "1" would garble every line). */
export function registerSecret(value: unknown): void {
  if (typeof value === 'string' && value.length >= 6) secrets.add(value);
}

export function forgetSecrets(): void {
  secrets.clear();
}

export function redact(text: string): string {
  let out = text.replace(SECRET_PARAMS, (_m, key: string, sep: string) => `${key}${sep}${MASK}`);
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join(MASK);
  }
  return out;
}
