import assert from 'node:assert/strict';
import { decide, matches, type AgentScope, type Decision, type Rule, type ToolPolicy } from '../../../src/tools/permissionPolicy';
import { buildToolPolicy } from '../../../src/tools/policyConfig';

const policy = (p: Partial<Record<'allowed' | 'restricted' | 'blocked', string[]>> & { yolo?: boolean; confirm?: boolean }): ToolPolicy => ({
  allowed: (p.allowed ?? []).map((pattern) => ({ pattern, source: 'settings' })),
  restricted: (p.restricted ?? []).map((pattern) => ({ pattern, source: 'settings' })),
  blocked: (p.blocked ?? []).map((pattern) => ({ pattern, source: 'atmos.yaml' })),
  yolo: p.yolo ?? false,
  requireConfirmation: p.confirm ?? true,
});
const anyAgent: AgentScope = { name: 'general' };
const readOnlyAgent: AgentScope = { name: 'stack-analyzer', tools: ['atmos_describe_*', 'atmos_list_*', 'atmos_where', 'file_read'] };
const remembered = (...tools: string[]) => ({ has: (t: string) => tools.includes(t) });

interface Row {
  name: string;
  tool: string;
  agent: AgentScope;
  policy: ToolPolicy;
  always?: string[];
  want: [Decision, Rule];
}

/** Every ordering case: each row pits two adjacent rules against each other. */
const table: Row[] = [
  { name: 'blocked beats YOLO', tool: 'atmos_terraform_apply', agent: anyAgent, policy: policy({ blocked: ['atmos_terraform_*'], yolo: true }), want: ['deny', 'blocked'] },
  { name: 'blocked beats always-allowed', tool: 'file_write', agent: anyAgent, policy: policy({ blocked: ['file_write'] }), always: ['file_write'], want: ['deny', 'blocked'] },
  { name: 'blocked beats allowed', tool: 'file_write', agent: anyAgent, policy: policy({ blocked: ['file_*'], allowed: ['file_write'] }), want: ['deny', 'blocked'] },
  { name: 'blocked beats agent scope', tool: 'atmos_where', agent: readOnlyAgent, policy: policy({ blocked: ['atmos_where'] }), want: ['deny', 'blocked'] },
  { name: 'agent scope beats YOLO', tool: 'file_write', agent: readOnlyAgent, policy: policy({ yolo: true }), want: ['deny', 'agent_scope'] },
  { name: 'agent scope beats always-allowed', tool: 'file_write', agent: readOnlyAgent, policy: policy({}), always: ['file_write'], want: ['deny', 'agent_scope'] },
  { name: 'agent scope beats allowed', tool: 'file_write', agent: readOnlyAgent, policy: policy({ allowed: ['*'] }), want: ['deny', 'agent_scope'] },
  { name: 'in-scope tool passes the scope check', tool: 'atmos_describe_component', agent: readOnlyAgent, policy: policy({ allowed: ['atmos_*'] }), want: ['allow', 'allowed'] },
  { name: 'YOLO beats restricted', tool: 'file_write', agent: anyAgent, policy: policy({ restricted: ['file_write'], yolo: true }), want: ['allow', 'yolo'] },
  { name: 'YOLO beats require_confirmation', tool: 'web_search', agent: anyAgent, policy: policy({ yolo: true }), want: ['allow', 'yolo'] },
  { name: 'always-allowed beats restricted', tool: 'file_write', agent: anyAgent, policy: policy({ restricted: ['file_write'] }), always: ['file_write'], want: ['allow', 'always_allowed'] },
  { name: 'allowed beats restricted', tool: 'atmos_terraform_plan', agent: anyAgent, policy: policy({ allowed: ['atmos_terraform_plan'], restricted: ['atmos_terraform_*'] }), want: ['allow', 'allowed'] },
  { name: 'restricted asks even without require_confirmation', tool: 'file_write', agent: anyAgent, policy: policy({ restricted: ['file_*'], confirm: false }), want: ['ask', 'restricted'] },
  { name: 'unlisted tool asks when confirmation is required', tool: 'web_search', agent: anyAgent, policy: policy({}), want: ['ask', 'require_confirmation'] },
  { name: 'unlisted tool runs when confirmation is off', tool: 'web_search', agent: anyAgent, policy: policy({ confirm: false }), want: ['allow', 'no_confirmation_required'] },
  { name: 'a remembered answer for another tool does not leak', tool: 'file_write', agent: anyAgent, policy: policy({}), always: ['file_read'], want: ['ask', 'require_confirmation'] },
];

describe('permission policy: decide()', () => {
  for (const row of table) {
    it(row.name, () => {
      const got = decide(row.tool, row.agent, row.policy, remembered(...(row.always ?? [])));
      assert.deepEqual([got.decision, got.rule], row.want, got.reason);
      assert.ok(got.reason.includes(row.tool), 'the reason names the tool');
    });
  }

  it('names the pattern and its source when a pattern decided', () => {
    const got = decide('atmos_terraform_destroy', anyAgent, policy({ blocked: ['atmos_terraform_{apply,destroy}'] }), remembered());
    assert.deepEqual(got.matched, { pattern: 'atmos_terraform_{apply,destroy}', source: 'atmos.yaml' });
    assert.match(got.reason, /atmos\.yaml/);
  });
});

describe('permission policy: glob patterns', () => {
  const cases: [string, string, boolean][] = [
    ['atmos_describe_component', 'atmos_*', true],
    ['atmos_describe_component', 'atmos_describe_*', true],
    ['atmos_list_stacks', 'atmos_describe_*', false],
    ['file_read', '*_{read,search}', true],
    ['file_search', '*_{read,search}', true],
    ['file_write', '*_{read,search}', false],
    ['github__create_issue', 'github__*', true],
    ['atmos_where', 'atmos_where', true],
    ['atmos_where_else', 'atmos_where', false],
    ['atmos_terraform_plan', 'atmos_terraform_?lan', true],
    ['read_stack_file', '!(write_*)', true],
    ['write_stack_file', '!(write_*)', false],
  ];
  for (const [tool, pattern, want] of cases) {
    it(`${pattern} ${want ? 'matches' : 'does not match'} ${tool}`, () => assert.equal(matches(tool, pattern), want));
  }
});

describe('tool policy from settings and atmos.yaml', () => {
  const settings = { allowed: ['atmos_*'], restricted: ['file_write'], blocked: ['atmos_terraform_apply'], yolo: false, requireConfirmation: false };

  it('unites the blocked lists of both sources', () => {
    const { policy: p, problems } = buildToolPolicy(settings, { blocked_tools: ['atmos_terraform_destroy'], blocked: ['web_search'] });
    assert.deepEqual(problems, []);
    assert.deepEqual(
      p.blocked.map((b) => `${b.source}:${b.pattern}`),
      ['settings:atmos_terraform_apply', 'atmos.yaml:atmos_terraform_destroy', 'atmos.yaml:web_search'],
    );
  });

  it('lets the stricter side win for confirmation, and either side turn YOLO on', () => {
    assert.equal(buildToolPolicy(settings, { require_confirmation: true }).policy.requireConfirmation, true);
    assert.equal(buildToolPolicy(settings, { yolo_mode: true }).policy.yolo, true);
    assert.equal(buildToolPolicy(settings, {}).policy.yolo, false);
  });

  it('keeps atmos.yaml blocked tools blocked even when the settings turn on YOLO', () => {
    const { policy: p } = buildToolPolicy({ ...settings, yolo: true }, { blocked_tools: ['file_write'] });
    assert.equal(decide('file_write', anyAgent, p, remembered()).decision, 'deny');
  });

  it('reports malformed values with their path and ignores them', () => {
    const { policy: p, problems } = buildToolPolicy(settings, { allowed_tools: 'atmos_*', yolo_mode: 'yes' });
    assert.deepEqual(problems.map((x) => x.path), ['settings.ai.tools.allowed_tools', 'settings.ai.tools.yolo_mode']);
    assert.equal(p.yolo, false);
    assert.deepEqual(p.allowed.map((a) => a.pattern), ['atmos_*']);
  });

  it('reports a non-map tools section', () => {
    assert.equal(buildToolPolicy(settings, ['x']).problems[0]?.path, 'settings.ai.tools');
  });
});
