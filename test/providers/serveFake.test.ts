import assert from 'node:assert/strict';
import { create as createAnthropic } from '../../src/providers/anthropic.lazy';
import { create as createOllama } from '../../src/providers/ollama.lazy';
import { create as createOpenAI } from '../../src/providers/openai.lazy';
import type { ChatMessage, ChatProvider, ProviderEvent } from '../../src/providers/types';
import { collect, fakeClock, type FakeServer } from './fakeServer';
import { serveFakeProvider } from './serveFake';

/** One tool round trip through a stand-alone fake provider, the way the chat loop drives it. */
async function roundTrip(provider: ChatProvider): Promise<{ first: ProviderEvent[]; second: ProviderEvent[] }> {
  const tools = [{ name: 'list_stacks', description: 'List stacks', inputSchema: { type: 'object', properties: { filter: { type: 'string' } } } }];
  const messages: ChatMessage[] = [{ role: 'user', content: [{ type: 'text', text: 'which stacks?' }] }];
  const first = await collect(provider.stream({ system: [{ text: 'sys' }], messages, tools }));
  const call = first.find((e) => e.type === 'tool_call_end');
  assert.ok(call && call.type === 'tool_call_end');
  messages.push({ role: 'assistant', content: [{ type: 'tool_use', id: call.id, name: call.name, input: call.input }] });
  messages.push({ role: 'user', content: [{ type: 'tool_result', toolUseId: call.id, content: 'dev, prod' }] });
  const second = await collect(provider.stream({ system: [{ text: 'sys' }], messages, tools }));
  return { first, second };
}

describe('stand-alone fake provider (serveFake)', () => {
  const servers: FakeServer[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.close();
  });

  for (const [name, make] of [
    ['anthropic', (url: string) => createAnthropic('anthropic', { apiKey: 'k', baseUrl: url, clock: fakeClock() })],
    ['openai', (url: string) => createOpenAI('openai', { apiKey: 'k', baseUrl: url, clock: fakeClock() })],
    ['ollama', (url: string) => createOllama('ollama', { baseUrl: url, clock: fakeClock() })],
  ] as const) {
    it(`${name}: answers with the tool call, then with text once the result comes back`, async () => {
      const server = await serveFakeProvider({ provider: name, text: 'You have dev and prod.', tool: { name: 'list_stacks', args: { filter: 'all' } } });
      servers.push(server);
      const { first, second } = await roundTrip(make(server.url));
      const end = first.find((e) => e.type === 'tool_call_end');
      assert.deepEqual(end && end.type === 'tool_call_end' ? end.input : undefined, { filter: 'all' });
      assert.equal(second.filter((e) => e.type === 'text').map((e) => (e.type === 'text' ? e.delta : '')).join(''), 'You have dev and prod.');
    });
  }
});
