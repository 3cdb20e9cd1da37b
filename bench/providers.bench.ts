/**
 * Host overhead of the provider layer: time from starting a request to the first text delta handed to
 * the caller, through our ChatProvider vs the raw SDK, both against the same local SSE server
 * (so network and model time are ~0 and the difference is ours: request mapping, runStream, translation).
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { create as createAnthropic } from '../src/providers/anthropic.lazy';
import { create as createOpenAI } from '../src/providers/openai.lazy';
import { withProxy } from '../src/providers/registry';
import type { ChatProvider, ChatRequest } from '../src/providers/types';
import { anthropicWire } from '../test/providers/anthropicWire';
import { startFakeServer } from '../test/providers/fakeServer';
import { openaiWire } from '../test/providers/openaiWire';
import { startRecordingProxy } from '../test/providers/recordingProxy';

const ITERATIONS = 200;
const WARMUP = 30;

const request: ChatRequest = {
  model: 'bench-model',
  system: [{ text: 'You are Atmos AI.'.repeat(50), cache: true }],
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Describe vpc in dev' }], cache: true }],
  tools: [{ name: 'describe_component', description: 'Describe a component', inputSchema: { type: 'object', properties: { component: { type: 'string' } } } }],
  maxTokens: 256,
};

async function firstTextOurs(provider: ChatProvider): Promise<number> {
  const t0 = performance.now();
  let first = NaN;
  for await (const ev of provider.stream(request)) {
    if (ev.type === 'text' && Number.isNaN(first)) first = performance.now() - t0;
  }
  return first;
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

async function measure(script: () => void, ours: () => Promise<number>, raw: () => Promise<number>) {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < WARMUP + ITERATIONS; i++) {
    // Alternate the order so neither side always runs on a warmer connection pool.
    const pair = i % 2 === 0 ? [ours, raw] : [raw, ours];
    const times: number[] = [];
    for (const f of pair) {
      script();
      times.push(await f());
    }
    const [tOurs, tRaw] = i % 2 === 0 ? times : [times[1], times[0]];
    if (i >= WARMUP) {
      a.push(tOurs);
      b.push(tRaw);
    }
  }
  return { ours: a, raw: b };
}

function report(name: string, r: { ours: number[]; raw: number[] }): void {
  const f = (x: number) => x.toFixed(2).padStart(7);
  const diff = r.ours.map((x, i) => x - r.raw[i]);
  console.log(
    `${name.padEnd(10)} first text delta, ms (n=${ITERATIONS}):  ours p50 ${f(percentile(r.ours, 50))} p95 ${f(percentile(r.ours, 95))}` +
      `  raw SDK p50 ${f(percentile(r.raw, 50))} p95 ${f(percentile(r.raw, 95))}  overhead p50 ${f(percentile(diff, 50))} p95 ${f(percentile(diff, 95))}`,
  );
}

/** Abort mid-stream: time until the caller gets `stop: cancelled`, and until the server sees the socket close. */
async function cancelLatency(server: Awaited<ReturnType<typeof startFakeServer>>, provider: ChatProvider, script: () => void) {
  const toStop: number[] = [];
  const toClose: number[] = [];
  for (let i = 0; i < 50; i++) {
    script();
    const ac = new AbortController();
    let t0 = 0;
    for await (const ev of provider.stream({ ...request, signal: ac.signal })) {
      if (ev.type === 'text' && t0 === 0) {
        t0 = performance.now();
        const req = server.requests[server.requests.length - 1];
        void req.closed.then(() => toClose.push(performance.now() - t0));
        ac.abort();
      }
      if (ev.type === 'stop') toStop.push(performance.now() - t0);
    }
  }
  await new Promise((ok) => setTimeout(ok, 50));
  const f = (x: number) => x.toFixed(2);
  console.log(
    `${provider.id.padEnd(10)} cancel, ms (n=50): to stop event p50 ${f(percentile(toStop, 50))} max ${f(Math.max(...toStop))}` +
      `  to socket closed at the server p50 ${f(percentile(toClose, 50))} max ${f(Math.max(...toClose))} (target < 100)`,
  );
}

export async function run(): Promise<void> {
  const server = await startFakeServer();
  try {
    // Anthropic
    const ours = createAnthropic('anthropic', { apiKey: 'k', baseUrl: server.url });
    const rawClient = new Anthropic({ apiKey: 'k', baseURL: server.url, maxRetries: 0 });
    const rawAnthropic = async () => {
      const t0 = performance.now();
      let first = NaN;
      const stream = await rawClient.messages.create({
        model: 'bench-model',
        max_tokens: 256,
        stream: true,
        system: [{ type: 'text', text: request.system[0].text }],
        messages: [{ role: 'user', content: 'Describe vpc in dev' }],
      });
      for await (const ev of stream) {
        if (ev.type === 'content_block_delta' && Number.isNaN(first)) first = performance.now() - t0;
      }
      return first;
    };
    report('anthropic', await measure(() => server.script(anthropicWire.text(['Hello', ' world'])), () => firstTextOurs(ours), rawAnthropic));

    // OpenAI (Grok and Azure share this path)
    const oursOpenAI = createOpenAI('openai', { apiKey: 'k', baseUrl: server.url });
    const rawOpenAI = new OpenAI({ apiKey: 'k', baseURL: server.url, maxRetries: 0 });
    const rawOpenAIFirst = async () => {
      const t0 = performance.now();
      let first = NaN;
      const stream = await rawOpenAI.chat.completions.create({
        model: 'bench-model',
        stream: true,
        stream_options: { include_usage: true },
        messages: [
          { role: 'system', content: request.system[0].text },
          { role: 'user', content: 'Describe vpc in dev' },
        ],
      });
      for await (const chunk of stream) {
        if (chunk.choices[0]?.delta?.content && Number.isNaN(first)) first = performance.now() - t0;
      }
      return first;
    };
    report('openai', await measure(() => server.script(openaiWire.text(['Hello', ' world'])), () => firstTextOurs(oursOpenAI), rawOpenAIFirst));

    await cancelLatency(server, ours, () => server.script(anthropicWire.partial(['Thinking'], 'hang')));
    await cancelLatency(server, oursOpenAI, () => server.script(openaiWire.partial(['Thinking'], 'hang')));

    // Through a local HTTP proxy (HTTP_PROXY; undici ProxyAgent, a CONNECT tunnel kept alive): what the proxy path adds.
    const proxy = await startRecordingProxy();
    try {
      const viaProxy = createOpenAI('openai', await withProxy({ apiKey: 'k', baseUrl: server.url }, { HTTP_PROXY: proxy.url }));
      const r = await measure(() => server.script(openaiWire.text(['Hello', ' world'])), () => firstTextOurs(viaProxy), () => firstTextOurs(oursOpenAI));
      const f = (x: number) => x.toFixed(2).padStart(7);
      const diff = r.ours.map((x, i) => x - r.raw[i]);
      console.log(
        `${'proxy'.padEnd(10)} first text delta, ms (n=${ITERATIONS}):  via proxy p50 ${f(percentile(r.ours, 50))} p95 ${f(percentile(r.ours, 95))}` +
          `  direct p50 ${f(percentile(r.raw, 50))} p95 ${f(percentile(r.raw, 95))}  added p50 ${f(percentile(diff, 50))} p95 ${f(percentile(diff, 95))}` +
          `  (proxy connections: ${proxy.requests.length})`,
      );
    } finally {
      await proxy.close();
    }
  } finally {
    await server.close();
  }
}
