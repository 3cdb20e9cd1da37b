import assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadAtmosConfig } from '../../../src/atmos/config';
import { MemoryFileSystem } from '../../../src/atmos/fs';

const R = path.resolve('/ws');
const p = (rel: string): string => path.join(R, rel);

function fsWith(files: Record<string, string>): MemoryFileSystem {
  const fs = new MemoryFileSystem();
  for (const [rel, text] of Object.entries(files)) fs.write(p(rel), text);
  return fs;
}

describe('atmos.yaml discovery and layering', () => {
  it('finds atmos.yaml in a parent directory and resolves base_path from the file that declared it', () => {
    const fs = fsWith({ 'repo/atmos.yaml': 'base_path: ./infra\nstacks:\n  base_path: stacks\n', 'repo/infra/stacks/x.yaml': '' });
    const { config } = loadAtmosConfig({ cwd: p('repo/components/vpc'), env: { ATMOS_GIT_ROOT_BASEPATH: 'false' }, fs });
    assert.equal(config.basePath, p('repo/infra'));
    assert.equal(config.stacksBasePath, p('repo/infra/stacks'));
  });

  it('ATMOS_CLI_CONFIG_PATH names the directory to load; ATMOS_BASE_PATH is relative to the working directory', () => {
    const fs = fsWith({ 'cfg/atmos.yaml': 'base_path: ./from-config\n', 'work/atmos.yaml': 'base_path: ignored\n' });
    const { config } = loadAtmosConfig({ cwd: p('work'), env: { ATMOS_CLI_CONFIG_PATH: '../cfg', ATMOS_BASE_PATH: './here' }, fs });
    assert.deepEqual(config.files.map((f) => path.relative(R, f)).includes(path.join('cfg', 'atmos.yaml')), true);
    assert.equal(config.basePath, p('work/here'));
  });

  it('merges atmos.d/ and import: files under the file itself (the file wins), and env overrides win over files', () => {
    const fs = fsWith({
      'atmos.yaml': 'import: [extra/*.yaml]\nstacks:\n  name_pattern: "{stage}"\nsettings:\n  list_merge_strategy: append\n',
      'atmos.d/10-stacks.yaml': 'stacks:\n  name_pattern: "{tenant}"\n  base_path: from-atmos-d\n',
      'extra/a.yaml': 'components:\n  terraform:\n    base_path: from-import\n',
    });
    const { config } = loadAtmosConfig({ cwd: R, env: { ATMOS_STACKS_NAME_PATTERN: '{tenant}-{stage}' }, fs });
    assert.equal(config.namePattern, '{tenant}-{stage}');
    assert.equal(config.stacksBasePath, p('from-atmos-d'));
    assert.equal(config.componentBasePaths.terraform, p('from-import'));
    assert.equal(config.listMergeStrategy, 'append');
  });

  it('--config replaces discovery; a missing one is an error', () => {
    const fs = fsWith({ 'atmos.yaml': 'stacks:\n  name_pattern: cwd\n', 'other/atmos.yaml': 'stacks:\n  name_pattern: other\n' });
    assert.equal(loadAtmosConfig({ cwd: R, env: {}, fs, configPaths: ['other'] }).config.namePattern, 'other');
    assert.throws(() => loadAtmosConfig({ cwd: R, env: {}, fs, configPaths: ['nope'] }), /not found/);
  });
});
