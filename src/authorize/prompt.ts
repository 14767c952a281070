import { createInterface } from 'node:readline';
import { EXIT, TapError } from '../errors.js';

/** One line from the terminal; the question goes to stderr so stdout stays clean. Ctrl-C or Ctrl-D cancels. */
export function askLine(question: string, input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stderr): Promise<string> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input, output, terminal: true });
    let answered = false;
    rl.once('line', (line) => {
      answered = true;
      rl.close();
      resolve(line);
    });
    rl.once('SIGINT', () => rl.close());
    rl.once('close', () => {
      if (!answered) reject(new TapError('AUTH_CANCELLED', 'authorize cancelled before a code was given', { hint: 'run it again when the seller has approved', exitCode: EXIT.INPUT }));
    });
    // Meltano 4 reads a plugin's stderr line by line (for its log parser): a prompt without a newline would not show.
    if ((output as { isTTY?: boolean }).isTTY === true) {
      rl.setPrompt(question);
      rl.prompt();
    } else {
      output.write(`${question.trimEnd()}\n`);
    }
  });
}
