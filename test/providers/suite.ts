/**
 * The shared scripted suite: every provider runs the same cases against its own fake wire server.
 * A provider test supplies a factory (the real provider, SDK pointed at the fake server) and a WireAdapter
 * that knows how to script that provider's wire format and how to read its requests.
 *
 *   describeProviderSuite('anthropic', { make: (url, clock) => create('anthropic', {...}), wire: anthropicWire });
 */
import assert from 'node:assert/strict';
import type { ChatMessage, ChatProvider, ChatRequest, ProviderEvent, TokenUsage, ToolDefinition } from '../../src/providers/types';
import { collect, fakeClock, startFakeServer, type FakeClock, type FakeServer, type RecordedRequest, type ScriptedResponse } from './fakeServer';

export interface ScriptedToolCall {
  id: string;
  name: string;
  /** The JSON arguments, in the fragments the server sends. */
  argsChunks: string[];
}

export interface WireAdapter {
  /** Streams these text deltas, then a normal end (stop reason end_turn), with `usage` when given. */
  text(deltas: string[], usage?: TokenUsage): ScriptedResponse;
  /** Streams these tool calls (in order, each one's argument fragments), then a tool_use stop. */
  toolCalls(calls: ScriptedToolCall[]): ScriptedResponse;
  /** An HTTP error in this provider's error body format. */
  error(status: number, message: string, headers?: Record<string, string>): ScriptedResponse;
  /** Streams these text deltas then cuts the connection ('cut') or keeps it open with no more data ('hang'). */
  partial(deltas: string[], after: 'cut' | 'hang'): ScriptedResponse;

  /** The system prompt text as sent in the request. */
  systemText(req: RecordedRequest): string;
  /** The tool calls the request echoes back from the assistant turn, in native form. */
  toolUses(req: RecordedRequest): { id: string; name: string; input: unknown }[];
  /** The tool results in the request, in native form. */
  toolResults(req: RecordedRequest): { id: string; content: string; isError: boolean }[];
  /** Tool names declared in the request. */
  toolNames(req: RecordedRequest): string[];
  /** Where the request carries explicit cache markers; omit when the provider caches implicitly. */
  cacheMarkers?(req: RecordedRequest): { systemParts: number[]; lastTool: boolean; tailMessage: boolean };
  /**
   * The usage the provider should report for scripted `usage` (providers without cache write counts
   * report 0 there). Default: the same figures.
   */
  expectedUsage?(scripted: TokenUsage): TokenUsage;
  /** True when the wire splits a call's arguments into fragments (false: whole calls, e.g. Ollama). */
  streamsToolArgs: boolean;
  /** True when the wire has two calls in one turn. */
  parallelToolCalls: boolean;
  /** True when the wire carries tool-call ids (false: the provider synthesises them, e.g. Gemini). */
  hasToolCallIds: boolean;
  /** False when errors carry no HTTP status (vscode.lm: error codes only). Default true. */
  hasHttpStatus?: boolean;
  /** False when a rate limit carries no retry-after, so the retry waits a backoff instead. Default true. */
  hasRetryAfter?: boolean;
  /** Cases that cannot apply to this provider, with the reason (skipped, shown as n/a in the case table). */
  notApplicable?: Partial<Record<CaseId, string>>;
  /** Cases this provider runs in an adapted form, with how (shown in the case table). */
  adapted?: Partial<Record<CaseId, string>>;
}

/** The shared cases, by the short id the provider × case table uses as its column. */
export const CASE_IDS = [
  'text',
  'split-args',
  'parallel',
  'tool-results',
  'usage',
  'system+tools',
  'cache-markers',
  'stable-prefix',
  '401',
  'context-400',
  'model-404',
  '429-retry',
  '500-retry',
  'give-up',
  'cut',
  'cancel',
  'pre-aborted',
] as const;
export type CaseId = (typeof CASE_IDS)[number];

/** What the suite attaches to each mocha test, for the case-table reporter (test/providers/caseTable.ts). */
export interface CaseTag {
  atmosProvider: string;
  atmosCase: CaseId;
  /** Why the case does not apply (the test is pending), or how it was adapted. */
  atmosNote?: string;
  atmosNa?: boolean;
}

/** Why a case is n/a for a wire, from its capabilities and its own notes. */
function notApplicable(wire: WireAdapter, id: CaseId): string | undefined {
  if (wire.notApplicable?.[id]) return wire.notApplicable[id];
  if (id === 'parallel' && !wire.parallelToolCalls) return 'the API has no parallel tool calls';
  if (id === 'cache-markers' && !wire.cacheMarkers) return 'caching is automatic: no explicit markers (stable-prefix covers it)';
  return undefined;
}

export interface SuiteOptions {
  /** The provider under test, its SDK pointed at `baseUrl`, retries waiting through `clock`. */
  make(baseUrl: string, clock: FakeClock): ChatProvider | Promise<ChatProvider>;
  wire: WireAdapter;
  /** Words the 401 message must contain (e.g. the env variable or the command to set the key). */
  authHint: RegExp;
}

const TOOLS: ToolDefinition[] = [
  {
    name: 'describe_component',
    description: 'Describe an Atmos component in a stack',
    inputSchema: { type: 'object', properties: { component: { type: 'string' }, stack: { type: 'string' } }, required: ['component', 'stack'] },
  },
  { name: 'list_stacks', description: 'List the stacks', inputSchema: { type: 'object', properties: {} } },
];

function request(extra: Partial<ChatRequest> = {}): ChatRequest {
  return {
    model: 'test-model',
    system: [{ text: 'You are Atmos AI.', cache: true }, { text: 'Repository summary: 3 stacks.' }],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Describe vpc in dev' }], cache: true }],
    tools: TOOLS,
    maxTokens: 512,
    ...extra,
  };
}

const texts = (events: ProviderEvent[]) =>
  events
    .filter((e) => e.type === 'text')
    .map((e) => e.delta)
    .join('');
const last = (events: ProviderEvent[]) => events[events.length - 1];
const ofType = <T extends ProviderEvent['type']>(events: ProviderEvent[], type: T) =>
  events.filter((e): e is Extract<ProviderEvent, { type: T }> => e.type === type);

export function describeProviderSuite(name: string, opts: SuiteOptions): void {
  describe(`${name}: shared provider suite`, function () {
    let server: FakeServer;
    let clock: FakeClock;
    let provider: ChatProvider;
    const wire = opts.wire;

    /** One shared case: tagged for the case table, skipped with its reason where it cannot apply. */
    const kase = (id: CaseId, title: string, fn: (this: Mocha.Context) => Promise<void>) =>
      it(title, async function () {
        const na = notApplicable(wire, id);
        const tag: CaseTag = { atmosProvider: name, atmosCase: id, atmosNote: na ?? wire.adapted?.[id], atmosNa: na !== undefined };
        Object.assign(this.test!, tag);
        if (na) this.skip();
        await fn.call(this);
      });

    beforeEach(async () => {
      server = await startFakeServer();
      clock = fakeClock();
      provider = await opts.make(server.url, clock);
    });
    afterEach(() => server.close());

    kase('text', 'streams plain text and stops with end_turn', async function () {
      server.script(wire.text(['Hel', 'lo', ', world']));
      const events = await collect(provider.stream(request()));
      assert.equal(texts(events), 'Hello, world');
      assert.ok(ofType(events, 'text').length >= 2, 'text arrives as several deltas');
      assert.deepEqual(last(events), { type: 'stop', reason: 'end_turn' });
      assert.equal(server.requests.length, 1);
    });

    kase('split-args', 'assembles a tool call whose arguments arrive in several chunks', async function () {
      const args = ['{"compo', 'nent": "vpc", "st', 'ack": "dev"}'];
      server.script(wire.toolCalls([{ id: 'call_A1', name: 'describe_component', argsChunks: wire.streamsToolArgs ? args : [args.join('')] }]));
      const events = await collect(provider.stream(request()));
      const [start] = ofType(events, 'tool_call_start');
      const ends = ofType(events, 'tool_call_end');
      assert.equal(start.name, 'describe_component');
      if (wire.hasToolCallIds) assert.equal(start.id, 'call_A1');
      if (wire.streamsToolArgs) assert.ok(ofType(events, 'tool_call_delta').length >= 2, 'arguments stream as several deltas');
      assert.equal(ends.length, 1);
      assert.equal(ends[0].id, start.id);
      assert.deepEqual(ends[0].input, { component: 'vpc', stack: 'dev' });
      assert.equal(ofType(events, 'tool_call_delta').map((d) => d.argsDelta).join('').replace(/\s/g, ''), '{"component":"vpc","stack":"dev"}');
      assert.deepEqual(last(events), { type: 'stop', reason: 'tool_use' });
    });

    kase('parallel', 'reports two parallel tool calls with their own ids and inputs', async function () {
      server.script(
        wire.toolCalls([
          { id: 'call_P1', name: 'describe_component', argsChunks: ['{"component":"vpc",', '"stack":"dev"}'] },
          { id: 'call_P2', name: 'list_stacks', argsChunks: ['{}'] },
        ]),
      );
      const events = await collect(provider.stream(request()));
      const ends = ofType(events, 'tool_call_end');
      assert.equal(ends.length, 2);
      assert.notEqual(ends[0].id, ends[1].id);
      const byName = Object.fromEntries(ends.map((e) => [e.name, e]));
      assert.deepEqual(byName.describe_component.input, { component: 'vpc', stack: 'dev' });
      assert.deepEqual(byName.list_stacks.input, {});
      if (wire.hasToolCallIds) assert.deepEqual(ends.map((e) => e.id).sort(), ['call_P1', 'call_P2']);
      assert.deepEqual(last(events), { type: 'stop', reason: 'tool_use' });
    });

    kase('tool-results', 'sends tool results back natively with the matching ids', async function () {
      const messages: ChatMessage[] = [
        { role: 'user', content: [{ type: 'text', text: 'Describe vpc in dev and list stacks' }] },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Looking.' },
            { type: 'tool_use', id: 'call_R1', name: 'describe_component', input: { component: 'vpc', stack: 'dev' } },
            { type: 'tool_use', id: 'call_R2', name: 'list_stacks', input: {} },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', toolUseId: 'call_R1', content: 'cidr: 10.0.0.0/16' },
            { type: 'tool_result', toolUseId: 'call_R2', content: [{ type: 'text', text: 'no such stack' }], isError: true },
          ],
          cache: true,
        },
      ];
      server.script(wire.text(['The CIDR is 10.0.0.0/16.']));
      const events = await collect(provider.stream(request({ messages })));
      assert.equal(texts(events), 'The CIDR is 10.0.0.0/16.');
      const sent = server.requests[0];
      const uses = wire.toolUses(sent);
      assert.deepEqual(
        uses.map((u) => [u.name, u.input]),
        [
          ['describe_component', { component: 'vpc', stack: 'dev' }],
          ['list_stacks', {}],
        ],
      );
      const results = wire.toolResults(sent);
      assert.equal(results.length, 2);
      assert.match(results[0].content, /cidr: 10\.0\.0\.0\/16/);
      assert.equal(results[0].isError, false);
      assert.match(results[1].content, /no such stack/);
      assert.equal(results[1].isError, true);
      if (wire.hasToolCallIds) {
        assert.deepEqual(uses.map((u) => u.id), ['call_R1', 'call_R2']);
        assert.deepEqual(results.map((r) => r.id), ['call_R1', 'call_R2']);
      }
    });

    kase('usage', 'parses usage and cache token counts', async function () {
      const scripted: TokenUsage = { inputTokens: 120, outputTokens: 30, cacheReadTokens: 800, cacheWriteTokens: 64 };
      server.script(wire.text(['ok'], scripted));
      const events = await collect(provider.stream(request()));
      const usage = ofType(events, 'usage');
      assert.equal(usage.length, 1);
      const { type: _t, ...figures } = usage[0];
      assert.deepEqual(figures, wire.expectedUsage ? wire.expectedUsage(scripted) : scripted);
      assert.ok(events.indexOf(usage[0]) < events.length - 1, 'usage comes before stop');
    });

    kase('system+tools', 'sends the system prompt and the tools', async function () {
      server.script(wire.text(['ok']));
      await collect(provider.stream(request()));
      const sent = server.requests[0];
      assert.match(wire.systemText(sent), /You are Atmos AI\.[\s\S]*Repository summary: 3 stacks\./);
      assert.deepEqual(wire.toolNames(sent), ['describe_component', 'list_stacks']);
    });

    kase('cache-markers', 'places cache markers on the marked system part, the last tool and the conversation tail', async function () {
      server.script(wire.text(['ok']));
      await collect(provider.stream(request()));
      assert.deepEqual(wire.cacheMarkers!(server.requests[0]), { systemParts: [0], lastTool: true, tailMessage: true });
    });

    kase('stable-prefix', 'keeps the prompt prefix byte-stable from turn to turn, so automatic caching can hit', async function () {
      server.script(wire.text(['first']), wire.text(['second']));
      const turn1 = request();
      await collect(provider.stream(turn1));
      const turn2 = request({
        messages: [...turn1.messages, { role: 'assistant', content: [{ type: 'text', text: 'first' }] }, { role: 'user', content: [{ type: 'text', text: 'and prod?' }], cache: true }],
      });
      await collect(provider.stream(turn2));
      const [a, b] = server.requests;
      assert.equal(wire.systemText(b), wire.systemText(a));
      assert.deepEqual(wire.toolNames(b), wire.toolNames(a));
      // The first turn's user text is sent again unchanged, after the same prefix.
      const first = a.body.indexOf('Describe vpc in dev');
      assert.ok(first > 0);
      assert.equal(b.body.slice(0, first), a.body.slice(0, first), 'same bytes up to the first user message');
    });

    kase('401', 'maps 401 to an auth error that says how to fix it, without retrying', async function () {
      server.script(wire.error(401, 'invalid x-api-key'), wire.text(['never']));
      const events = await collect(provider.stream(request()));
      const err = last(events);
      assert.equal(err.type, 'error');
      assert.equal(err.kind, 'auth');
      assert.equal(err.retryable, false);
      if (wire.hasHttpStatus !== false) assert.equal(err.status, 401);
      assert.match(err.message, opts.authHint);
      assert.equal(server.requests.length, 1);
      assert.deepEqual(clock.sleeps, []);
    });

    kase('context-400', 'maps a context-length 400 to context_too_long, so the engine can compact', async function () {
      server.script(wire.error(400, 'prompt is too long: 250000 tokens > 200000 maximum'));
      const events = await collect(provider.stream(request()));
      const err = last(events);
      assert.equal(err.type, 'error');
      assert.equal(err.kind, 'context_too_long');
      assert.equal(err.retryable, false);
      assert.equal(server.requests.length, 1);
    });

    kase('model-404', 'maps an unknown model to model_not_found, naming the model', async function () {
      server.script(wire.error(404, "model 'test-model' not found"));
      const events = await collect(provider.stream(request()));
      const err = last(events);
      assert.equal(err.type, 'error');
      assert.equal(err.kind, 'model_not_found');
      assert.match(err.message, /test-model/);
      assert.deepEqual(clock.sleeps, [], 'not retried (a provider may look up the available models)');
    });

    kase('429-retry', 'waits for retry-after on 429, then succeeds', async function () {
      server.script(wire.error(429, 'rate limited', { 'retry-after': '7' }), wire.text(['after ', 'the wait']));
      const events = await collect(provider.stream(request()));
      assert.equal(texts(events), 'after the wait');
      if (wire.hasRetryAfter === false) {
        assert.equal(clock.sleeps.length, 1, 'one backoff wait');
        assert.ok(clock.sleeps[0] > 0);
      } else {
        assert.deepEqual(clock.sleeps, [7000]);
      }
      assert.equal(server.requests.length, 2);
      assert.deepEqual(server.requests[1].json, server.requests[0].json, 'the retry sends the same request');
    });

    kase('500-retry', 'retries a 500 with backoff, then succeeds', async function () {
      server.script(wire.error(500, 'internal error'), wire.text(['recovered']));
      const events = await collect(provider.stream(request()));
      assert.equal(texts(events), 'recovered');
      assert.equal(clock.sleeps.length, 1);
      assert.ok(clock.sleeps[0] > 0);
      assert.equal(server.requests.length, 2);
    });

    kase('give-up', 'gives up after the retries and reports a server error', async function () {
      server.script(wire.error(503, 'overloaded'), wire.error(503, 'overloaded'), wire.error(503, 'overloaded'), wire.error(503, 'overloaded'));
      const events = await collect(provider.stream(request()));
      const err = last(events);
      assert.equal(err.type, 'error');
      assert.equal(err.kind, 'server');
      assert.equal(clock.sleeps.length, 3);
      assert.ok(clock.sleeps[1] >= clock.sleeps[0] && clock.sleeps[2] >= clock.sleeps[1], 'backoff grows');
      assert.equal(server.requests.length, 4);
    });

    kase('cut', 'reports a stream cut in the middle as a clear error, without hanging or retrying', async function () {
      server.script(wire.partial(['The answer ', 'is'], 'cut'), wire.text(['never']));
      const events = await collect(provider.stream(request()));
      assert.match(texts(events), /^The answer /);
      const err = last(events);
      assert.equal(err.type, 'error');
      assert.equal(err.kind, 'network');
      assert.match(err.message, /try again/);
      assert.equal(server.requests.length, 1, 'no retry once text was delivered');
    });

    kase('cancel', 'stops on cancel mid-stream and closes the connection', async function () {
      server.script(wire.partial(['Thinking', '...'], 'hang'));
      const ac = new AbortController();
      const events: ProviderEvent[] = [];
      for await (const ev of provider.stream(request({ signal: ac.signal }))) {
        events.push(ev);
        if (ev.type === 'text') ac.abort();
      }
      assert.deepEqual(last(events), { type: 'stop', reason: 'cancelled' });
      await server.requests[0].closed; // the HTTP stream really stopped (mocha's timeout guards a hang)
      assert.equal(server.requests[0].clientAborted, true);
    });

    kase('pre-aborted', 'ends at once with cancelled when the signal is already aborted', async function () {
      const ac = new AbortController();
      ac.abort();
      const events = await collect(provider.stream(request({ signal: ac.signal })));
      assert.deepEqual(events, [{ type: 'stop', reason: 'cancelled' }]);
    });
  });
}
