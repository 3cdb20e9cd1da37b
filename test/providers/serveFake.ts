/**
 * A stand-alone fake provider for manual runs and end-to-end tests of the whole chat loop:
 *
 *   npx tsx test/providers/serveFake.ts <provider> [--port N] [--text "answer"] [--tool NAME --args JSON]
 *   atmos-ai ask "…" --provider <provider> --base-url <the printed URL>
 *
 * It speaks the provider's real wire format (the same adapters as the wire tests). Every chat request is
 * answered with a tool call when --tool is given and the request carries no tool result yet, otherwise
 * with the text. Prints `listening on URL` on stderr, then one JSON line per request received on stdout.
 */
import type { ScriptedResponse } from './fakeServer';
import { startFakeServer, type RecordedRequest } from './fakeServer';
import { anthropicWire } from './anthropicWire';
import { openaiWire } from './openaiWire';
import type { WireAdapter } from './suite';
import { bedrockWire } from './wire/bedrock';
import { geminiWire } from './wire/gemini';
import { ollamaWire, tags } from './wire/ollama';

const WIRES: Record<string, WireAdapter> = {
  anthropic: anthropicWire,
  openai: openaiWire,
  grok: openaiWire,
  azure: openaiWire,
  gemini: geminiWire,
  ollama: ollamaWire,
  bedrock: bedrockWire,
};

export interface FakeProviderOptions {
  provider: string;
  port?: number;
  text?: string;
  tool?: { name: string; args: Record<string, unknown> };
  /** Print one JSON line per request on stdout (the command line does). */
  log?: boolean;
}

/** The response a fake provider gives to one request (exported for tests). */
export function answer(wire: WireAdapter, req: RecordedRequest, opts: FakeProviderOptions): ScriptedResponse {
  const hasToolResult = (() => {
    try {
      return wire.toolResults(req).length > 0;
    } catch {
      return false; // not a chat request this adapter can read
    }
  })();
  if (opts.tool && !hasToolResult) {
    return wire.toolCalls([{ id: 'call_fake_1', name: opts.tool.name, argsChunks: [JSON.stringify(opts.tool.args)] }]);
  }
  const text = opts.text ?? 'Hello from the fake provider.';
  const words = text.split(/(?<= )/);
  return wire.text(words, { inputTokens: 100, outputTokens: words.length, cacheReadTokens: 50, cacheWriteTokens: 0 });
}

export async function serveFakeProvider(opts: FakeProviderOptions) {
  const wire = WIRES[opts.provider];
  if (!wire) throw new Error(`unknown provider '${opts.provider}' — one of: ${Object.keys(WIRES).join(', ')}`);
  const server = await startFakeServer(opts.port);
  server.handle((req) => {
    if (opts.provider === 'ollama' && req.path === '/api/tags') return tags(['test-model']);
    if (opts.log) process.stdout.write(`${JSON.stringify({ method: req.method, path: req.path, body: req.json })}\n`);
    return answer(wire, req, opts);
  });
  return server;
}

function parseArgs(argv: string[]): FakeProviderOptions {
  const [provider, ...rest] = argv;
  const opts: FakeProviderOptions = { provider: provider ?? '', log: true };
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    const value = rest[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--port') opts.port = Number(value);
    else if (flag === '--text') opts.text = value;
    else if (flag === '--tool') opts.tool = { name: value, args: opts.tool?.args ?? {} };
    else if (flag === '--args') opts.tool = { name: opts.tool?.name ?? '', args: JSON.parse(value) as Record<string, unknown> };
    else throw new Error(`unknown option ${flag}`);
  }
  return opts;
}

if (require.main === module) {
  serveFakeProvider(parseArgs(process.argv.slice(2)))
    .then((server) => process.stderr.write(`listening on ${server.url}\n`))
    .catch((err: Error) => {
      process.stderr.write(`serveFake: ${err.message}\n`);
      process.exitCode = 2;
    });
}
