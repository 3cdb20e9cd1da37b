import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createMemory, GENERATED_MARKER, memoryForPrompt, refreshMemory } from '../../../src/memory/atmosMemory';
import { findSection, parseMemory, updateSection } from '../../../src/memory/memorySections';
import type { RepoFacts } from '../../../src/memory/repoFacts';

const template = readFileSync(path.resolve(__dirname, '../../../prompts/ATMOS.md.template'), 'utf8');
const facts: RepoFacts = {
  namePattern: '{tenant}-{environment}-{stage}',
  stacksBasePath: 'stacks',
  includedPaths: ['orgs/**/*'],
  excludedPaths: ['**/_defaults.yaml'],
  terraformBasePath: 'components/terraform',
  stacks: ['core-ue2-dev', 'core-ue2-prod', 'plat-ue2-prod'],
  components: [
    { name: 'vpc/defaults', type: 'terraform', folder: 'vpc', stacks: 0, inherits: [], abstract: true },
    { name: 'vpc', type: 'terraform', folder: 'vpc', stacks: 3, inherits: ['vpc/defaults'], abstract: false },
  ],
  sharedImports: [{ file: 'orgs/acme/_defaults.yaml', importedBy: 12 }],
};

describe('ATMOS.md memory', () => {
  it('fills every placeholder of the template from the facts', () => {
    const text = createMemory(template, facts);
    assert.ok(!/\{\{\w+\}\}/.test(text), 'a placeholder was left');
    assert.match(findSection(parseMemory(text), 'stack naming')!.body, /\{tenant\}-\{environment\}-\{stage\}.*core-ue2-dev/);
    assert.match(findSection(parseMemory(text), 'Components')!.body, /\| vpc \| terraform \| vpc \| 3 \| vpc\/defaults \|/);
    assert.match(findSection(parseMemory(text), 'Common commands')!.body, /atmos describe component vpc -s core-ue2-dev/);
  });

  it('updates one section and keeps every other byte', () => {
    const text = createMemory(template, facts) + '\n## My section\nkeep me\n';
    const updated = updateSection(text, 'conventions', '- CIDRs live in stacks/catalog/vpc');
    assert.equal(findSection(parseMemory(updated), 'Conventions')!.body, '- CIDRs live in stacks/catalog/vpc\n');
    const before = parseMemory(text).sections.filter((s) => s.title !== 'Conventions');
    const after = parseMemory(updated).sections.filter((s) => s.title !== 'Conventions');
    assert.deepEqual(after, before);
  });

  it('adds a missing section at the end and ignores headings inside code fences', () => {
    const text = '# Title\n\n## A\n```md\n## not a heading\n```\n';
    assert.equal(parseMemory(text).sections.length, 1);
    const updated = updateSection(text, 'B', 'new');
    assert.deepEqual(parseMemory(updated).sections.map((s) => s.title), ['A', 'B']);
  });

  it('refresh rewrites only the generated sections that still carry the marker', () => {
    const original = createMemory(template, facts);
    const edited = updateSection(original, 'Overview', 'Our own overview, written by hand.');
    const refreshed = refreshMemory(edited, template, { ...facts, stacks: [...facts.stacks, 'plat-uw2-prod'] });
    assert.equal(findSection(parseMemory(refreshed), 'Overview')!.body, 'Our own overview, written by hand.\n');
    assert.match(findSection(parseMemory(refreshed), 'Layout')!.body, /4 stacks: .*plat-uw2-prod/);
    assert.ok(findSection(parseMemory(refreshed), 'Layout')!.body.includes(GENERATED_MARKER));
  });

  it('injects without comments and cuts at a section boundary under the cap', () => {
    const text = createMemory(template, facts);
    const full = memoryForPrompt(text, 100_000);
    assert.equal(full.truncated, false);
    assert.ok(!full.text.includes('<!--'));
    const small = memoryForPrompt(text, 600);
    assert.equal(small.truncated, true);
    assert.ok(Buffer.byteLength(small.text) <= 600, `${Buffer.byteLength(small.text)} bytes`);
    assert.match(small.text, /truncated to fit/);
    const tiny = memoryForPrompt(text, 120);
    assert.ok(Buffer.byteLength(tiny.text) <= 120);
  });
});
