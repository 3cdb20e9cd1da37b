import assert from 'node:assert/strict';
import * as path from 'node:path';
import { ESLint } from 'eslint';

/** The house rules of design.md, enforced by ESLint: check that the rules really fire. */
describe('architecture lint rules', function () {
  this.timeout(60_000);
  const eslint = new ESLint({ cwd: path.resolve(__dirname, '../..') });
  const lint = async (file: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath: path.resolve(__dirname, '../..', file) });
    return result.messages.filter((m) => m.ruleId === 'no-restricted-imports');
  };

  it('refuses vscode in the headless core', async () => {
    assert.equal((await lint('src/atmos/example.ts', "import * as vscode from 'vscode';\nexport const x = vscode;\n")).length, 1);
    assert.equal((await lint('src/cli/example.ts', "import { window } from 'vscode';\nexport const x = window;\n")).length, 1);
  });

  it('allows vscode in src/vscode and src/extension.ts', async () => {
    assert.equal((await lint('src/vscode/example.ts', "import * as vscode from 'vscode';\nexport const x = vscode;\n")).length, 0);
    assert.equal((await lint('src/extension.ts', "import * as vscode from 'vscode';\nexport const x = vscode;\n")).length, 0);
  });

  it('lets the webview import only src/protocol.ts from src', async () => {
    assert.equal((await lint('webview/example.ts', "import type { PingResult } from '../src/protocol';\nexport type X = PingResult;\n")).length, 0);
    assert.equal((await lint('webview/example.ts', "import { UserError } from '../src/cli/errors';\nexport const x = UserError;\n")).length, 1);
    assert.equal((await lint('webview/parts/example.ts', "import { x } from '../../src/atmos/engine';\nexport const y = x;\n")).length, 1);
  });
});
