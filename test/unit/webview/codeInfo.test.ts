import assert from 'node:assert/strict';
import { parseCodeInfo } from '../../../webview/codeInfo';

describe('webview code block info strings (which blocks are workspace files)', () => {
  it('plain languages have no path', () => {
    assert.deepEqual(parseCodeInfo('yaml'), { language: 'yaml' });
    assert.deepEqual(parseCodeInfo(''), { language: '' });
    assert.deepEqual(parseCodeInfo(undefined), { language: '' });
    assert.deepEqual(parseCodeInfo('bash title=setup'), { language: 'bash' }, 'a title that is not a file path');
  });

  it('finds the path in path=, lang:path and a bare path', () => {
    assert.deepEqual(parseCodeInfo('yaml path=stacks/catalog/vpc.yaml'), { language: 'yaml', path: 'stacks/catalog/vpc.yaml' });
    assert.deepEqual(parseCodeInfo('hcl file="components/terraform/vpc/main.tf"'), { language: 'hcl', path: 'components/terraform/vpc/main.tf' });
    assert.deepEqual(parseCodeInfo('YAML:stacks/orgs/acme/_defaults.yaml'), { language: 'yaml', path: 'stacks/orgs/acme/_defaults.yaml' });
    assert.deepEqual(parseCodeInfo('components/terraform/vpc/variables.tf'), { language: 'hcl', path: 'components/terraform/vpc/variables.tf' });
  });

  it('rejects paths with shell or URL characters', () => {
    assert.deepEqual(parseCodeInfo('yaml path=$(rm -rf /)'), { language: 'yaml' });
    assert.deepEqual(parseCodeInfo('yaml:https://example.com/a.yaml'), { language: 'yaml:https://example.com/a.yaml' });
  });
});

