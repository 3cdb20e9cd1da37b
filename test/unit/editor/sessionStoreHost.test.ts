import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sharedSessionStore } from '../../../src/vscode/sessionStoreHost';

describe('sessionStoreHost: one session store per extension host', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'atmos-ai-store-host-'));
  const extensionPath = path.join(root, 'ext');
  mkdirSync(path.join(extensionPath, 'dist'), { recursive: true });
  copyFileSync(path.join(__dirname, '../../../node_modules/sql.js/dist/sql-wasm.wasm'), path.join(extensionPath, 'dist', 'sql-wasm.wasm'));
  const subscriptions: Array<{ dispose(): unknown }> = [];
  const warnings: string[] = [];
  const context = { globalStorageUri: { fsPath: path.join(root, 'global') }, extensionPath, subscriptions } as unknown as Parameters<typeof sharedSessionStore>[0];
  const log = { warn: (m: string) => warnings.push(m), error: (m: string) => warnings.push(m) } as unknown as Parameters<typeof sharedSessionStore>[1];

  after(() => {
    for (const s of subscriptions) s.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it('opens the store under globalStorage once and hands every caller the same instance', async () => {
    const [a, b] = await Promise.all([sharedSessionStore(context, log), sharedSessionStore(context, log)]);
    assert.ok(a, `the store did not open: ${warnings.join('; ')}`);
    assert.equal(a, b);
    assert.equal(await sharedSessionStore(context, log), a);
    assert.ok(a.directory.startsWith(path.join(root, 'global')), a.directory);
    const s = a.createSession({ name: 'from the tree' });
    assert.equal((await sharedSessionStore(context, log))?.getSession(s.id)?.name, 'from the tree');
    assert.equal(subscriptions.length, 1, 'closing is registered once');
  });
});
