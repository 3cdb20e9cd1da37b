import assert from 'node:assert/strict';
import { classifyLink } from '../../../src/vscode/chat/linkTarget';

const ROOT = '/work/acme';

describe('chat link classification (what a link in model output may open)', () => {
  it('web links stay web links', () => {
    assert.deepEqual(classifyLink('https://atmos.tools/cli', [ROOT]), { kind: 'web', url: 'https://atmos.tools/cli' });
    assert.equal(classifyLink('http://example.com', [ROOT]).kind, 'web');
  });

  it('relative paths, path:line, path:line:col and #L anchors resolve inside the workspace', () => {
    assert.deepEqual(classifyLink('stacks/orgs/acme/_defaults.yaml', [ROOT]), { kind: 'file', candidates: ['/work/acme/stacks/orgs/acme/_defaults.yaml'] });
    assert.deepEqual(classifyLink('stacks/catalog/vpc.yaml:21', [ROOT]), { kind: 'file', candidates: ['/work/acme/stacks/catalog/vpc.yaml'], line: 21 });
    assert.deepEqual(classifyLink('vpc.yaml:21:5', [ROOT]), { kind: 'file', candidates: ['/work/acme/vpc.yaml'], line: 21, column: 5 });
    assert.deepEqual(classifyLink('./components/terraform/vpc/main.tf#L7', [ROOT]), { kind: 'file', candidates: ['/work/acme/components/terraform/vpc/main.tf'], line: 7 });
    assert.deepEqual(classifyLink('my%20notes.md', [ROOT]), { kind: 'file', candidates: ['/work/acme/my notes.md'] });
  });

  it('file: URIs and absolute paths open only inside a workspace folder', () => {
    assert.deepEqual(classifyLink('file:///work/acme/atmos.yaml#L3', [ROOT]), { kind: 'file', candidates: ['/work/acme/atmos.yaml'], line: 3 });
    assert.deepEqual(classifyLink('/work/acme/atmos.yaml:3', [ROOT]), { kind: 'file', candidates: ['/work/acme/atmos.yaml'], line: 3 });
    assert.equal(classifyLink('file:///etc/passwd', [ROOT]).kind, 'refused');
    assert.equal(classifyLink('/etc/passwd', [ROOT]).kind, 'refused');
    assert.equal(classifyLink('/work/acme-other/x.yaml', [ROOT]).kind, 'refused', 'a sibling with the same prefix is outside');
  });

  it('refuses escapes with .., other schemes, and everything when no folder is open', () => {
    const up = classifyLink('../secrets.txt', [ROOT]);
    assert.equal(up.kind, 'refused');
    assert.match(up.kind === 'refused' ? up.reason : '', /outside the workspace/);
    assert.equal(classifyLink('stacks/../../etc/passwd', [ROOT]).kind, 'refused');
    const js = classifyLink('javascript:alert(1)', [ROOT]);
    assert.match(js.kind === 'refused' ? js.reason : '', /javascript: link/);
    assert.equal(classifyLink('command:workbench.action.terminal.new', [ROOT]).kind, 'refused');
    assert.equal(classifyLink('vscode://file/etc/passwd', [ROOT]).kind, 'refused');
    assert.equal(classifyLink('stacks/a.yaml', []).kind, 'refused');
    assert.equal(classifyLink('  ', [ROOT]).kind, 'refused');
  });

  it('a relative path is looked for under each workspace folder, in order', () => {
    assert.deepEqual(classifyLink('atmos.yaml', ['/a', '/b']), { kind: 'file', candidates: ['/a/atmos.yaml', '/b/atmos.yaml'] });
  });
});
