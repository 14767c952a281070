import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.js';
import { runTap, tempDir } from './run-tap.js';
import { sandboxConfig } from './sandbox-config.js';

describe('--test (connection check, built binary against the sandbox)', () => {
  let sandbox: SandboxHandle;
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 3, shops: 2, orders: 5 });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  test('one ok line per shop on stderr, nothing on stdout, exit 0', async () => {
    const { code, stdout, stderr } = await runTap(['--config', sandboxConfig(sandbox, tempDir()), '--test']);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    for (const shop of sandbox.store.shops()) expect(stderr).toMatch(new RegExp(`ok: shop ${shop.id} "${shop.name}".* is reachable`));
  });

  test('one line per selected stream family: a shop without the finance scope names seller.finance.info for each finance family', async () => {
    const shop = sandbox.store.shops()[1]!;
    sandbox.store.setFinanceScope(shop.id, false);
    try {
      const { code, stdout, stderr } = await runTap(['--config', sandboxConfig(sandbox, tempDir()), '--test']);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      for (const family of ['orders', 'returns', 'cancellations', 'packages', 'products']) expect(stderr).toContain(`shop ${shop.id}: ${family}: ok`);
      const finance = ['statements', 'unsettled_transactions', 'payments', 'withdrawals'];
      for (const family of finance) expect(stderr).toMatch(new RegExp(`shop ${shop.id}: ${family}: missing scope seller\\.finance\\.info`));
      expect(stderr).toMatch(new RegExp(`FAILED: shop ${shop.id} .*${finance.length} of \\d+ stream families cannot be read \\(${finance.join(', ')}\\)`));
    } finally {
      sandbox.store.setFinanceScope(shop.id, true);
    }
  });

  test('a wrong app secret fails every shop with a line that says what to fix, exit 2', async () => {
    const { code, stderr } = await runTap(['--config', sandboxConfig(sandbox, tempDir(), { app_secret: 'not-the-secret-123' }), '--test']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/app_secret/);
    expect(stderr).not.toContain('not-the-secret-123');
  });
});
