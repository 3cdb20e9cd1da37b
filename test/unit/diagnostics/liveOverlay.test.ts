import assert from 'node:assert/strict';
import { checkOptions, liveDiagnostics, overlayDiagnostics, workspaceDiagnostics } from '../../../src/atmos/checks/runChecks';
import { WorkspaceFacts } from '../../../src/atmos/checks/workspaceFacts';
import { abs, openRepo } from '../atmos/repo';

const CATALOG = 'components:\n  terraform:\n    vpc/defaults:\n      metadata:\n        type: abstract\n';
const DEV = 'vars:\n  tenant: plat\n  stage: dev\nimport:\n  - catalog/vpc\ncomponents:\n  terraform:\n    vpc:\n      metadata:\n        component: vpc\n        inherits:\n          - vpc/defaults\n';

describe('diagnostics: unsaved text through an overlay', () => {
  const setup = () => {
    const { engine, fs } = openRepo({ 'components/terraform/vpc/main.tf': '', 'stacks/catalog/vpc.yaml': CATALOG, 'stacks/orgs/plat/dev.yaml': DEV });
    const facts = new WorkspaceFacts(engine.config, engine.fs);
    return { engine, fs, facts, opts: checkOptions(engine) };
  };

  it('an unsaved edit shows its problem at the edited line; the saved text (overlay gone) has none', () => {
    const { engine, facts, opts } = setup();
    const file = abs('stacks/orgs/plat/dev.yaml');
    const unsaved = DEV.replace('- vpc/defaults', '- vpc/defaultz').replace('component: vpc\n', 'component: vpc\n        version: 1.10\n');
    const live = liveDiagnostics(facts, file, unsaved, opts);
    const inherits = live.find((d) => d.code === 'inherits-unknown');
    assert.deepEqual(inherits && [inherits.file, inherits.line, inherits.col, inherits.endCol], [file, 13, 13, 25], JSON.stringify(live));
    const version = live.find((d) => d.code === 'yaml-number-version');
    assert.deepEqual(version && [version.line, version.col, version.endCol], [11, 18, 22]);
    // the saved state is untouched: the engine and the workspace pass see the file on disk
    assert.deepEqual(workspaceDiagnostics(engine, facts, opts), []);
    assert.deepEqual(liveDiagnostics(facts, file, DEV, opts), []);
    assert.equal(engine.fs.readFile(file), DEV);
  });

  it('the unsaved text of one file is seen by the cross-file lookups of that file only', () => {
    const { facts, opts } = setup();
    const catalog = abs('stacks/catalog/vpc.yaml');
    // renaming the base in the open catalog: its own definition is now unused, with the overlay only
    const renamed = CATALOG.replace('vpc/defaults:', 'vpc/base:');
    const live = liveDiagnostics(facts, catalog, renamed, opts);
    assert.deepEqual(live.map((d) => [d.code, d.line, d.col]), [['abstract-unused', 3, 5]]);
    assert.deepEqual(liveDiagnostics(facts, catalog, CATALOG, opts), []);
  });

  it('a saved change reaches the facts after invalidate(file)', async () => {
    const { engine, fs, facts, opts } = setup();
    const file = abs('stacks/orgs/plat/dev.yaml');
    assert.deepEqual(workspaceDiagnostics(engine, facts, opts), []);
    fs.write(file, DEV.replace('- catalog/vpc', '- catalog/gone'));
    assert.equal(workspaceDiagnostics(engine, facts, opts).some((d) => d.code === 'import-not-found'), false, 'cached until invalidated');
    await engine.applyChange(file);
    facts.invalidate(file);
    const found = workspaceDiagnostics(engine, facts, opts).filter((d) => d.code === 'import-not-found');
    assert.deepEqual(found.map((d) => [d.file, d.line, d.col]), [[file, 5, 5]]);
  });

  it('a created file that an import names clears import-not-found after invalidate(created)', async () => {
    const { engine, fs, facts, opts } = setup();
    const file = abs('stacks/orgs/plat/dev.yaml');
    fs.write(file, DEV.replace('- catalog/vpc', '- catalog/later'));
    await engine.applyChange(file);
    facts.invalidate(file);
    assert.deepEqual(workspaceDiagnostics(engine, facts, opts).filter((d) => d.code === 'import-not-found').map((d) => d.line), [5]);
    const created = abs('stacks/catalog/later.yaml');
    fs.write(created, CATALOG);
    await engine.applyChange(created);
    facts.invalidate(created);
    assert.deepEqual(workspaceDiagnostics(engine, facts, opts).filter((d) => d.code === 'import-not-found'), []);
  });

  it('an unsaved edit in one open file shows in another open file, and only while it is unsaved', () => {
    const { facts, opts } = setup();
    const catalog = abs('stacks/catalog/vpc.yaml');
    const dev = abs('stacks/orgs/plat/dev.yaml');
    const renamed = new Map([[catalog, CATALOG.replace('vpc/defaults:', 'vpc/base:')]]);
    const results = overlayDiagnostics(facts, renamed, [catalog, dev], opts);
    const inDev = results.get(dev)!;
    assert.deepEqual(inDev.live.map((d) => [d.code, d.file, d.line, d.col]), [['inherits-unknown', dev, 12, 13]]);
    assert.deepEqual(inDev.saved, [], 'the saved state of the other file has no such problem');
    assert.deepEqual(results.get(catalog)!.live.map((d) => d.code), ['abstract-unused']);
    // with nothing unsaved, the open files are as saved
    const none = overlayDiagnostics(facts, new Map(), [catalog, dev], opts);
    assert.deepEqual([...none.values()].map((r) => r.live), [[], []]);
  });
});
