/**
 * The young generation is held at its cap while a process churns through short-lived objects with a steady set of
 * survivors (what a sync does), and left to V8 when the user sized it. Runs the built module (dist/) in child
 * processes, since V8's flags are the whole process's. Each round of churn gives the event loop a turn of more than
 * the hold's check interval, as a sync does between pages: with turns shorter than the interval, several rounds ran
 * between two looks and a fast machine grew the space twice in between (16 MiB seen on Node 22 and 20).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { YOUNG_GENERATION_CHECK_MS, youngGenerationSizedByUser } from '../../src/young-generation.js';
import { ROOT } from './run-tap.js';

const MODULE = pathToFileURL(join(ROOT, 'dist', 'src', 'young-generation.js')).href;
const MIB = 1024 * 1024;

/** New-space size (bytes) after ~150 MB of churn with ~3 MB always alive, with the cap on or not. */
function newSpaceAfterChurn(cap: boolean, env: NodeJS.ProcessEnv = {}): number {
  const script = `
    import { getHeapSpaceStatistics } from 'node:v8';
    import { capYoungGeneration } from ${JSON.stringify(MODULE)};
    const stop = ${cap} ? capYoungGeneration({ capBytes: 4 * 1024 * 1024 }) : () => {};
    const live = new Array(30000);
    let n = 0;
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 30000; i++) live[(n++) % live.length] = { id: 'x' + n, at: n, tags: [n, n + 1] };
      await new Promise((resolve) => setTimeout(resolve, ${YOUNG_GENERATION_CHECK_MS + 5}));
    }
    stop();
    process.stdout.write(String(getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, NODE_OPTIONS: '', ...env }, encoding: 'utf8' });
  return Number(out);
}

describe('young generation cap', () => {
  test('grows past the cap without it, and stays within one doubling of the cap with it', () => {
    expect(newSpaceAfterChurn(false)).toBeGreaterThanOrEqual(16 * MIB);
    expect(newSpaceAfterChurn(true)).toBeLessThanOrEqual(8 * MIB);
  });

  test("is left to V8 when the user sized the young generation", () => {
    expect(newSpaceAfterChurn(true, { NODE_OPTIONS: '--max-semi-space-size=16' })).toBeGreaterThanOrEqual(16 * MIB);
  });

  test('knows the sizing flags in either spelling, in node arguments or NODE_OPTIONS', () => {
    expect(youngGenerationSizedByUser(['--max-semi-space-size=8'], undefined)).toBe(true);
    expect(youngGenerationSizedByUser([], '--inspect --max_semi_space_size=8')).toBe(true);
    expect(youngGenerationSizedByUser([], '--min-semi-space-size=2')).toBe(true);
    expect(youngGenerationSizedByUser(['--semi-space-growth-factor=3'], '')).toBe(true);
    expect(youngGenerationSizedByUser(['--max-old-space-size=128'], '--enable-source-maps')).toBe(false);
    expect(youngGenerationSizedByUser([], undefined)).toBe(false);
  });
});
