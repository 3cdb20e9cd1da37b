import assert from 'node:assert/strict';
import { json, ndjson, sse, startFakeServer, type FakeServer } from './fakeServer';

describe('fake provider server', () => {
  let server: FakeServer;
  beforeEach(async () => (server = await startFakeServer()));
  afterEach(() => server.close());

  it('serves scripted responses in order and records requests', async () => {
    server.script(json(201, { a: 1 }), sse([{ event: 'x', data: { b: 2 } }, { data: '[DONE]' }]));
    const r1 = await fetch(`${server.url}/v1/one?k=v`, { method: 'POST', body: JSON.stringify({ hello: 'world' }), headers: { 'x-api-key': 'k1' } });
    assert.equal(r1.status, 201);
    assert.deepEqual(await r1.json(), { a: 1 });
    const r2 = await fetch(`${server.url}/v1/two`);
    assert.equal(r2.headers.get('content-type'), 'text/event-stream');
    assert.equal(await r2.text(), 'event: x\ndata: {"b":2}\n\ndata: [DONE]\n\n');
    assert.equal(server.requests.length, 2);
    assert.equal(server.requests[0].path, '/v1/one');
    assert.equal(server.requests[0].query.get('k'), 'v');
    assert.deepEqual(server.requests[0].json, { hello: 'world' });
    assert.equal(server.requests[0].headers['x-api-key'], 'k1');
  });

  it('answers 500 when nothing is scripted, and uses the fallback handler', async () => {
    assert.equal((await fetch(`${server.url}/x`)).status, 500);
    server.handle((req) => (req.path === '/api/tags' ? ndjson([{ n: 1 }, { n: 2 }]) : undefined));
    assert.equal(await (await fetch(`${server.url}/api/tags`)).text(), '{"n":1}\n{"n":2}\n');
  });

  it('cuts a stream mid-way so the client sees an error', async () => {
    server.script({ ...sse([{ data: { part: 1 } }]), after: 'cut' });
    const res = await fetch(`${server.url}/s`);
    await assert.rejects(res.text());
  });

  it('notices when the client goes away from a hanging stream', async () => {
    server.script({ ...sse([{ data: { part: 1 } }]), after: 'hang' });
    const ac = new AbortController();
    const res = await fetch(`${server.url}/s`, { signal: ac.signal });
    const reader = res.body!.getReader();
    await reader.read();
    ac.abort();
    await server.requests[0].closed;
    assert.equal(server.requests[0].clientAborted, true);
  });
});
