import assert from 'node:assert/strict';
import * as path from 'node:path';
import { AtmosEngine } from '../../../src/atmos/engine';
import { templateCompletions, templateTokenAt, unionSections } from '../../../src/editorSupport/templateCompletion';

const acme = path.resolve(__dirname, '../../../examples/acme');

describe('template completion', () => {
  it('finds the token only inside an open {{ … }}', () => {
    assert.deepEqual(templateTokenAt('name: "{{ .vars.na', 18), { token: '.vars.na' });
    assert.deepEqual(templateTokenAt('x: {{ atmos.Co', 14), { token: 'atmos.Co' });
    assert.equal(templateTokenAt('x: {{ .vars.a }} .va', 20), undefined, 'after the closing braces');
    assert.equal(templateTokenAt('x: .vars.a', 10), undefined);
    assert.deepEqual(templateTokenAt('x: <% .va', 9, ['<%', '%>']), { token: '.va' });
  });

  it('completes .vars from the resolved component of the example (vpc in plat-ue2-prod)', async () => {
    const engine = await AtmosEngine.open({ cwd: acme });
    const d = engine.describeComponentSync('vpc', 'plat-ue2-prod');
    const data = { sections: unionSections([d.section]) };
    const vars = templateCompletions('.vars.', data).map((c) => c.label);
    assert.ok(vars.includes('ipv4_primary_cidr_block'), vars.join(','));
    assert.ok(vars.includes('stage'));
    const cidr = templateCompletions('.vars.ipv4', data).find((c) => c.label === 'ipv4_primary_cidr_block');
    assert.match(cidr!.detail!, /"10\.130\.0\.0\/16"/);
    const top = templateCompletions('.', data).map((c) => c.label);
    for (const k of ['vars', 'settings', 'metadata', 'env', 'atmos_component', 'atmos_stack', 'atmos_stack_file', 'workspace']) assert.ok(top.includes(k), `${k} missing`);
    const tags = templateCompletions('.vars.tags.', { sections: { vars: { tags: { Team: 'x' } } } }).map((c) => c.label);
    assert.deepEqual(tags, ['Team']);
    assert.deepEqual(templateCompletions('.nope.', data), []);
  });

  it('offers the atmos functions as snippets, Sprig when enabled, Gomplate only when enabled', () => {
    const atmos = templateCompletions('atmos.', { sections: {} });
    assert.deepEqual(atmos.map((c) => c.label).sort(), ['Component', 'GomplateDatasource', 'Resolve', 'Store']);
    assert.match(atmos.find((c) => c.label === 'Component')!.insertText!, /^Component "\$\{1:component\}" \.stack$/);
    const plain = templateCompletions('', { sections: {} }).map((c) => c.label);
    assert.ok(plain.includes('atmos') && plain.includes('default') && plain.includes('collectKeys'));
    assert.ok(!plain.includes('strings'));
    assert.ok(templateCompletions('', { sections: {}, gomplate: true }).some((c) => c.label === 'strings'));
    assert.ok(!templateCompletions('', { sections: {}, sprig: false }).some((c) => c.label === 'nindent'));
  });

  it('unions sections, first value winning, maps merged', () => {
    assert.deepEqual(unionSections([{ vars: { a: 1, m: { x: 1 } } }, { vars: { a: 2, b: 3, m: { y: 2 } } }]), { vars: { a: 1, b: 3, m: { x: 1, y: 2 } } });
  });
});
