import assert from 'node:assert/strict';
import { mentionCandidates, mentionContext, type MentionSource } from '../../../src/vscode/chat/mentions';

const source: MentionSource = {
  listStacks: () => ['plat-ue2-dev', 'plat-ue2-prod', 'core-ue2-dev'],
  listComponents: () => [
    { component: 'vpc', type: 'terraform', stacks: ['plat-ue2-dev', 'plat-ue2-prod', 'core-ue2-dev'], abstract: false },
    { component: 'vpc/defaults', type: 'terraform', stacks: ['plat-ue2-dev'], abstract: true },
    { component: 'eks/cluster', type: 'terraform', stacks: ['plat-ue2-dev'], abstract: false },
  ],
};

describe('@ mentions (stacks and components as context)', () => {
  it('offers stacks and non-abstract components, prefix matches first', () => {
    assert.deepEqual(mentionCandidates(source, 'plat').map((c) => c.label), ['plat-ue2-dev', 'plat-ue2-prod']);
    assert.deepEqual(mentionCandidates(source, 'dev').map((c) => c.label), ['plat-ue2-dev', 'core-ue2-dev']);
    assert.deepEqual(mentionCandidates(source, 'vpc').map((c) => `${c.kind}:${c.label}`), ['component:vpc']);
    assert.equal(mentionCandidates(source, 'plat-ue2-dev')[0].detail, 'stack · 2 components');
  });

  it('attaches what it knows about each mentioned stack and component, and nothing for unknown names', () => {
    const context = mentionContext(source, 'Why does @vpc differ in @plat-ue2-dev, and what about @nothing?');
    assert.ok(context);
    assert.match(context, /Stack `plat-ue2-dev`: 2 components: vpc \(terraform\), eks\/cluster \(terraform\)/);
    assert.match(context, /Component `vpc` \(terraform\) is in 3 stacks: plat-ue2-dev, plat-ue2-prod, core-ue2-dev/);
    assert.doesNotMatch(context, /nothing/);
    assert.equal(mentionContext(source, 'mail me at someone@example.com'), undefined, 'an @ inside a word is not a mention');
    assert.equal(mentionContext(source, 'no mentions here'), undefined);
  });
});
