import assert from 'node:assert/strict';
import { runTurn, type TurnInput } from '../../../src/chat/runTurn';
import type { ApprovalAnswer, ApprovalRequest, ChatEvent } from '../../../src/chat/chatEvents';
import type { ToolResultBlock } from '../../../src/providers/types';
import type { AgentScope, ToolPolicy } from '../../../src/tools/permissionPolicy';
import { ToolRegistry } from '../../../src/tools/toolRegistry';
import type { ToolSpec } from '../../../src/tools/toolSpec';
import { callTools, say, ScriptedProvider, type Reply } from './scriptedProvider';

const objectSchema = (props: Record<string, unknown>, required: string[] = []) => ({ type: 'object', properties: props, required, additionalProperties: false });

function tools(log: string[]): ToolSpec[] {
  return [
    {
      name: 'atmos_describe_component',
      description: 'describe',
      readOnly: true,
      inputSchema: objectSchema({ component: { type: 'string' }, stack: { type: 'string' } }, ['component', 'stack']),
      atmosCommand: (a) => `atmos describe component ${String(a.component)} -s ${String(a.stack)}`,
      run: async (a) => {
        log.push(`describe ${String(a.component)}`);
        return { content: JSON.stringify({ vars: { cidr_block: a.stack === 'plat-ue2-prod' ? '10.2.0.0/16' : '10.1.0.0/16' } }) };
      },
    },
    {
      name: 'file_write',
      description: 'write',
      readOnly: false,
      inputSchema: objectSchema({ path: { type: 'string' }, content: { type: 'string' } }, ['path', 'content']),
      preview: async (a) => ({ diff: `+++ ${String(a.path)}` }),
      run: async (a) => {
        log.push(`write ${String(a.path)}`);
        return { content: 'written' };
      },
    },
    {
      name: 'atmos_terraform_apply',
      description: 'apply',
      readOnly: false,
      inputSchema: objectSchema({ component: { type: 'string' } }),
      run: async () => {
        log.push('apply');
        return { content: 'applied' };
      },
    },
    {
      name: 'slow_tool',
      description: 'slow',
      readOnly: true,
      inputSchema: objectSchema({ ms: { type: 'number' } }),
      run: (a, ctx) =>
        new Promise((resolve, reject) => {
          log.push(`slow start ${String(a.ms)}`);
          const t = setTimeout(() => {
            log.push(`slow end ${String(a.ms)}`);
            resolve({ content: `slept ${String(a.ms)}` });
          }, Number(a.ms));
          ctx.signal.addEventListener('abort', () => {
            clearTimeout(t);
            reject(new Error('aborted'));
          });
        }),
    },
    {
      name: 'big_tool',
      description: 'big',
      readOnly: true,
      inputSchema: objectSchema({}),
      run: async () => ({ content: 'x'.repeat(5000) }),
    },
  ];
}

const basePolicy: ToolPolicy = {
  allowed: [{ pattern: 'atmos_describe_*', source: 'settings' }, { pattern: '*_tool', source: 'settings' }],
  restricted: [{ pattern: 'file_write', source: 'settings' }],
  blocked: [{ pattern: 'atmos_terraform_apply', source: 'atmos.yaml' }],
  yolo: false,
  requireConfirmation: true,
};

interface Harness {
  events: ChatEvent[];
  provider: ScriptedProvider;
  log: string[];
  approvals: ApprovalRequest[];
  remembered: string[];
}

async function play(replies: Reply[], opts: { policy?: Partial<ToolPolicy>; agent?: AgentScope; answer?: ApprovalAnswer; timeoutMs?: number; maxOutputChars?: number; maxIterations?: number; abortAfter?: (e: ChatEvent) => boolean } = {}): Promise<Harness> {
  const log: string[] = [];
  const approvals: ApprovalRequest[] = [];
  const remembered: string[] = [];
  const provider = new ScriptedProvider(replies);
  const controller = new AbortController();
  const input: TurnInput = {
    provider,
    system: [{ text: 'You are Atmos AI.', cache: true }],
    history: [],
    user: { role: 'user', content: [{ type: 'text', text: 'What CIDR does vpc get in prod?' }] },
    maxIterations: opts.maxIterations ?? 8,
    signal: controller.signal,
    tools: {
      registry: new ToolRegistry(tools(log)),
      policy: { ...basePolicy, ...opts.policy },
      agent: opts.agent ?? { name: 'general' },
      always: { has: (t) => remembered.includes(t) },
      rememberAlways: async (t) => void remembered.push(t),
      approvals: {
        request: async (r) => {
          approvals.push(r);
          return opts.answer ?? 'deny';
        },
      },
      client: 'test',
      timeoutMs: opts.timeoutMs ?? 2000,
      maxOutputChars: opts.maxOutputChars ?? 100_000,
    },
  };
  const events: ChatEvent[] = [];
  for await (const e of runTurn(input)) {
    events.push(e);
    if (opts.abortAfter?.(e)) controller.abort();
  }
  return { events, provider, log, approvals, remembered };
}

const resultsOf = (h: Harness) => h.provider.requests.flatMap((r) => r.messages.flatMap((m) => m.content.filter((b): b is ToolResultBlock => b.type === 'tool_result')));
const done = (h: Harness) => h.events.find((e) => e.type === 'done');

describe('chat turn loop (scripted provider)', () => {
  it('describe → answer: runs the allowed tool and sends its result back natively with the same id', async () => {
    const h = await play([callTools({ id: 'call_1', name: 'atmos_describe_component', input: { component: 'vpc', stack: 'plat-ue2-prod' } }), say('vpc gets 10.2.0.0/16 in prod.')]);
    assert.deepEqual(h.log, ['describe vpc']);
    const second = h.provider.requests[1];
    const toolMsg = second.messages[second.messages.length - 1];
    assert.equal(toolMsg.role, 'user');
    assert.deepEqual(toolMsg.content, [{ type: 'tool_result', toolUseId: 'call_1', content: '{"vars":{"cidr_block":"10.2.0.0/16"}}' }]);
    assert.equal(second.messages[1].content[0].type, 'tool_use');
    assert.equal(toolMsg.cache, true, 'the conversation tail carries the cache breakpoint');
    assert.ok(!second.messages[0].cache, 'only the tail is a breakpoint');
    const call = h.events.find((e) => e.type === 'tool_call');
    assert.equal(call?.type === 'tool_call' && call.atmosCommand, 'atmos describe component vpc -s plat-ue2-prod');
    assert.deepEqual(done(h), { type: 'done', reason: 'end_turn' });
    assert.equal(h.events.filter((e) => e.type === 'message').length, 4, 'user, assistant tool call, tool results, final answer');
  });

  it('keeps the provider\'s opaque data on the tool call it sends back', async () => {
    const signed = callTools({ id: 'g1', name: 'atmos_describe_component', input: { component: 'vpc', stack: 's' } }).map((e) => (e.type === 'tool_call_end' ? { ...e, providerData: { thoughtSignature: 'sig' } } : e));
    const h = await play([signed, say('ok')]);
    const use = h.provider.requests[1].messages[1].content[0];
    assert.deepEqual(use.type === 'tool_use' && use.providerData, { thoughtSignature: 'sig' });
  });

  it('write → ask → deny: the denial goes back to the model, which answers', async () => {
    const h = await play([callTools({ id: 'w1', name: 'file_write', input: { path: 'stacks/x.yaml', content: 'a' } }), say('OK, I will not write it.')], { answer: 'deny' });
    assert.deepEqual(h.log, []);
    assert.equal(h.approvals.length, 1);
    assert.equal(h.approvals[0].preview?.diff, '+++ stacks/x.yaml');
    const [result] = resultsOf(h);
    assert.equal(result.isError, true);
    assert.match(String(result.content), /denied/);
    assert.ok(h.events.some((e) => e.type === 'approval_answer' && e.answer === 'deny'));
    assert.ok(h.events.some((e) => e.type === 'text' && e.delta.includes('will not write')));
  });

  it('write → ask → allow always: runs, and remembers the answer', async () => {
    const h = await play([callTools({ id: 'w1', name: 'file_write', input: { path: 'a.yaml', content: 'a' } }), say('done')], { answer: 'allow_always' });
    assert.deepEqual(h.log, ['write a.yaml']);
    assert.deepEqual(h.remembered, ['file_write']);
  });

  it('blocked under YOLO → denied without asking, and blocked tools are not offered to the model', async () => {
    const h = await play([callTools({ id: 'a1', name: 'atmos_terraform_apply', input: { component: 'vpc' } }), say('cannot apply')], { policy: { yolo: true } });
    assert.deepEqual(h.log, []);
    assert.equal(h.approvals.length, 0);
    const decision = h.events.find((e) => e.type === 'tool_decision');
    assert.equal(decision?.type === 'tool_decision' && decision.rule, 'blocked');
    assert.ok(!h.provider.requests[0].tools?.some((t) => t.name === 'atmos_terraform_apply'));
  });

  it('agent outside its scope → denied, and only its tools are offered', async () => {
    const h = await play([callTools({ id: 'w', name: 'file_write', input: { path: 'a', content: 'b' } }), say('read-only')], {
      agent: { name: 'stack-analyzer', tools: ['atmos_describe_*'] },
      policy: { yolo: true },
    });
    assert.deepEqual(h.log, []);
    const decision = h.events.find((e) => e.type === 'tool_decision');
    assert.equal(decision?.type === 'tool_decision' && decision.rule, 'agent_scope');
    assert.deepEqual(h.provider.requests[0].tools?.map((t) => t.name), ['atmos_describe_component']);
  });

  it('runs parallel calls concurrently and returns results in call order', async () => {
    const h = await play([callTools({ id: 's1', name: 'slow_tool', input: { ms: 80 } }, { id: 's2', name: 'slow_tool', input: { ms: 20 } }), say('both done')]);
    assert.deepEqual(h.log, ['slow start 80', 'slow start 20', 'slow end 20', 'slow end 80']);
    assert.deepEqual(resultsOf(h).map((r) => r.toolUseId), ['s1', 's2']);
  });

  it('stops a tool at its timeout and tells the model', async () => {
    const h = await play([callTools({ id: 't', name: 'slow_tool', input: { ms: 5000 } }), say('timed out')], { timeoutMs: 50 });
    const [result] = resultsOf(h);
    assert.equal(result.isError, true);
    assert.match(String(result.content), /did not finish within/);
    assert.ok(!h.log.includes('slow end 5000'));
  });

  it('caps long output with a note', async () => {
    const h = await play([callTools({ id: 'b', name: 'big_tool', input: {} }), say('ok')], { maxOutputChars: 1000 });
    const [result] = resultsOf(h);
    assert.ok(String(result.content).startsWith('x'.repeat(1000)));
    assert.match(String(result.content), /output truncated: showed 1000 of 5000/);
    assert.ok(h.events.some((e) => e.type === 'tool_result' && e.truncated));
  });

  it('rejects arguments that break the schema and lets the model correct itself', async () => {
    const h = await play([callTools({ id: 'd', name: 'atmos_describe_component', input: { component: 'vpc', bogus: 1 } }), say('sorry')]);
    const [result] = resultsOf(h);
    assert.equal(result.isError, true);
    assert.match(String(result.content), /stack|bogus/);
    assert.deepEqual(h.log, []);
  });

  it('cancellation mid-stream keeps the partial answer and ends as cancelled', async () => {
    const slowText: Reply = () =>
      (async function* () {
        yield { type: 'text' as const, delta: 'The CIDR is ' };
        await new Promise((r) => setTimeout(r, 30));
        yield { type: 'text' as const, delta: 'never seen' };
        yield { type: 'stop' as const, reason: 'end_turn' as const };
      })();
    const h = await play([slowText], { abortAfter: (e) => e.type === 'text' });
    assert.deepEqual(done(h), { type: 'done', reason: 'cancelled' });
    const assistant = h.events.filter((e) => e.type === 'message').map((e) => (e.type === 'message' ? e.message : null))[1];
    assert.deepEqual(assistant?.content, [{ type: 'text', text: 'The CIDR is ' }]);
  });

  it('stops at the iteration guard', async () => {
    const loop = () => callTools({ id: `c${Math.random()}`, name: 'atmos_describe_component', input: { component: 'vpc', stack: 's' } });
    const h = await play([loop, loop, loop, loop], { maxIterations: 3 });
    assert.deepEqual(done(h), { type: 'done', reason: 'max_iterations' });
    assert.equal(h.provider.requests.length, 3);
  });

  it('surfaces a provider error and keeps the text that arrived before it', async () => {
    const h = await play([[{ type: 'text', delta: 'partial' }, { type: 'error', kind: 'network', message: 'connection reset', retryable: true }]]);
    assert.ok(h.events.some((e) => e.type === 'error' && e.error.kind === 'network'));
    assert.deepEqual(done(h), { type: 'done', reason: 'error' });
    assert.ok(h.events.some((e) => e.type === 'message' && e.message.role === 'assistant' && JSON.stringify(e.message.content).includes('partial')));
  });
});
