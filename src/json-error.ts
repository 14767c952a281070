/**
 * Describes a JSON.parse failure by position only. V8's own message quotes a slice of the text, which in a
 * config file can be part of a secret, so it never reaches the user.
 */
export function jsonErrorWhere(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : '';
  const position = /position (\d+)/.exec(message)?.[1];
  if (position === undefined) return text.trim() === '' ? 'the file is empty' : 'syntax error';
  const offset = Number(position);
  const before = text.slice(0, offset).split('\n');
  return `syntax error at line ${before.length}, column ${before.at(-1)!.length + 1}`;
}
