import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { atmosTools } from '../../../src/tools/atmos/atmosTools';
import { languageModelToolContributions } from '../../../src/tools/atmos/languageModelToolManifest';

describe('Copilot language model tools', () => {
  it('package.json declares exactly the read-only Atmos tools, with the schemas the chat uses (run npm run sync:lm-tools)', () => {
    const pkg = JSON.parse(readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as { contributes: { languageModelTools?: unknown } };
    const expected = languageModelToolContributions(atmosTools(() => Promise.reject(new Error('no engine'))));
    assert.deepEqual(pkg.contributes.languageModelTools, expected);
  });

  it('refuses to offer a tool that writes', () => {
    const specs = atmosTools(() => Promise.reject(new Error('no engine'))).map((s) => (s.name === 'atmos_where' ? { ...s, readOnly: false } : s));
    assert.throws(() => languageModelToolContributions(specs), /not read-only/);
  });
});
