/**
 * Makes `import * as vscode from 'vscode'` resolve to fakeVscode.ts in this process, so VS Code glue that only
 * needs the language-model API runs in plain Node. Import this before the module under test.
 */
import Module from 'node:module';
import * as path from 'node:path';

const fake = path.join(__dirname, 'fakeVscode.ts');
type Resolve = (request: string, ...rest: unknown[]) => string;
const mod = Module as unknown as { _resolveFilename: Resolve & { atmosFakeVscode?: true } };
if (!mod._resolveFilename.atmosFakeVscode) {
  const original = mod._resolveFilename;
  const patched: Resolve & { atmosFakeVscode?: true } = function (this: unknown, request, ...rest) {
    return request === 'vscode' ? fake : original.call(this, request, ...rest);
  };
  patched.atmosFakeVscode = true;
  mod._resolveFilename = patched;
}
