import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { askLine } from '../../../src/authorize/prompt.js';
import { authorize, type AuthorizeDeps } from '../../../src/commands/authorize.js';
import { TapError } from '../../../src/errors.js';
import { Logger } from '../../../src/log.js';
import { startSandbox, type SandboxHandle } from '../../../src/sandbox/index.js';

/** The interactive path (a TTY): the link is shown, the seller's redirect pasted at the prompt. */
describe('authorize at a prompt', () => {
  let sandbox: SandboxHandle;
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 21, shops: 1, orders: 2, products: 1 });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  function configFile(): string {
    const path = join(mkdtempSync(join(tmpdir(), 'tap-authorize-unit-')), 'config.json');
    writeFileSync(path, JSON.stringify({
      app_key: sandbox.info.app_key,
      app_secret: sandbox.info.app_secret,
      service_id: '7000000000000000021',
      api_base_url: sandbox.info.base_url,
      auth_base_url: sandbox.info.auth_base_url,
    }));
    return path;
  }

  /** Deps whose prompt answers with what `answer` makes of the link shown so far. */
  function deps(answer: (link: URL) => string): { deps: AuthorizeDeps; said: string[]; asked: string[] } {
    const said: string[] = [];
    const asked: string[] = [];
    return {
      said,
      asked,
      deps: {
        logger: new Logger({ write: (line) => said.push(line) }),
        isTTY: true,
        ask: async (question) => {
          asked.push(question);
          const link = said.map((line) => /https:\/\/\S+\/open\/authorize\?\S+/.exec(line)?.[0]).find(Boolean);
          return answer(new URL(link!));
        },
        say: (line) => said.push(line),
        env: {},
      },
    };
  }

  test('the pasted redirect URL (with the state of the link shown) is exchanged and saved', async () => {
    const path = configFile();
    const code = sandbox.issueAuthCode();
    const run = deps((link) => `https://my.app.example/cb?code=${code}&state=${link.searchParams.get('state')}`);
    const exit = await authorize({ sources: [path], consentHost: 'global', printUrl: false }, run.deps);
    expect(exit).toBe(0);
    expect(run.asked).toHaveLength(1);
    expect(run.said.join('\n')).toContain(`tokens saved to config file ${path}`);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toHaveProperty('refresh_token');
  });

  test('a pasted bare code works too', async () => {
    const path = configFile();
    const code = sandbox.issueAuthCode();
    expect(await authorize({ sources: [path], consentHost: 'global', printUrl: false }, deps(() => `  ${code}\n`).deps)).toBe(0);
  });

  test('a pasted redirect of another consent link is a state mismatch, and the code is left unspent', async () => {
    const path = configFile();
    const code = sandbox.issueAuthCode();
    const run = deps(() => `https://my.app.example/cb?code=${code}&state=someone.elses`);
    await expect(authorize({ sources: [path], consentHost: 'global', printUrl: false }, run.deps)).rejects.toMatchObject({ code: 'AUTH_STATE_MISMATCH' });
    expect(JSON.parse(readFileSync(path, 'utf8'))).not.toHaveProperty('refresh_token');
    expect(await authorize({ sources: [path], consentHost: 'global', printUrl: false }, deps(() => code).deps)).toBe(0);
  });

  test('the prompt reads one line, and end of input cancels with a clear error', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = '';
    output.on('data', (chunk: Buffer) => (shown += chunk.toString()));
    const answer = askLine('code? ', input, output);
    input.write('abc123\n');
    await expect(answer).resolves.toBe('abc123');
    // Not a terminal (e.g. Meltano 4 reading stderr by lines): the question is a whole line.
    expect(shown).toContain('code?\n');

    const closed = new PassThrough();
    const cancelled = askLine('code? ', closed, new PassThrough());
    closed.end();
    await expect(cancelled).rejects.toBeInstanceOf(TapError);
    await expect(cancelled).rejects.toMatchObject({ code: 'AUTH_CANCELLED' });
  });
});
