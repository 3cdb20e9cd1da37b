import assert from 'node:assert/strict';
import * as path from 'node:path';
import { AtmosEngine } from '../../../src/atmos/engine';
import { ComponentIndex } from '../../../src/editorSupport/componentIndex';
import { atmosSymbols, fuzzyScore } from '../../../src/editorSupport/workspaceSymbols';

const acme = path.resolve(__dirname, '../../../examples/acme');

describe('workspace symbols', () => {
  it('fuzzy-matches in order, preferring word starts and prefixes', () => {
    assert.equal(fuzzyScore('xyz', 'plat-ue2-prod'), undefined);
    assert.equal(fuzzyScore('prodplat', 'plat-ue2-prod'), undefined, 'order matters');
    assert.ok(fuzzyScore('pup', 'plat-ue2-prod')! > fuzzyScore('pup', 'zzpzzuzzpzz')!, 'word starts score higher');
    assert.ok(fuzzyScore('vpc', 'vpc')! > fuzzyScore('vpc', 'vpc/defaults')!);
    assert.equal(fuzzyScore('', 'anything'), 0);
  });

  it('lists the example stacks at their manifests and components at their definitions', async () => {
    const engine = await AtmosEngine.open({ cwd: acme });
    const index = new ComponentIndex(engine.fs, engine.config.stacksBasePath);
    const symbols = atmosSymbols({ stacks: engine.stackEntries(), definitions: index.all(), stacksBasePath: engine.config.stacksBasePath, query: 'plue2prod' });
    const stack = symbols.find((s) => s.kind === 'stack');
    assert.equal(stack?.name, 'plat-ue2-prod');
    assert.equal(path.relative(acme, stack!.file), 'stacks/orgs/acme/plat/prod/us-east-2.yaml');
    const vpc = atmosSymbols({ stacks: engine.stackEntries(), definitions: index.all(), stacksBasePath: engine.config.stacksBasePath, query: 'vpc' });
    assert.equal(vpc[0].name, 'vpc');
    const standard = vpc.find((s) => s.kind === 'component' && s.name === 'vpc' && s.file.endsWith('catalog/vpc/standard.yaml'));
    assert.deepEqual([standard?.line, standard?.col], [7, 5]);
    assert.match(standard!.detail, /terraform component · catalog\/vpc\/standard\.yaml/);
    assert.ok(vpc.some((s) => s.name === 'vpc/defaults'));
    assert.ok(vpc.every((s) => fuzzyScore('vpc', s.name) !== undefined));
  });
});
