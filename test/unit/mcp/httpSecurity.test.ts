import assert from 'node:assert/strict';
import { bearerTokenMatches, checkRequest, isLocalHostHeader, isLocalOrigin, isLoopbackHost } from '../../../src/mcp/httpSecurity';

describe('mcp HTTP request checks', () => {
  it('accepts only local browser origins', () => {
    for (const ok of ['http://127.0.0.1', 'http://127.0.0.1:3000', 'https://localhost', 'http://localhost:5173', 'http://[::1]:8080', 'http://localhost:5173/']) assert.equal(isLocalOrigin(ok), true, ok);
    for (const bad of ['https://evil.example', 'http://localhost.evil.example', 'http://127.0.0.1.nip.io', 'null', 'file://', 'chrome-extension://abc', 'http://user@evil.example', 'http://localhost:5173/path', 'ws://localhost']) {
      assert.equal(isLocalOrigin(bad), false, bad);
    }
  });

  it('accepts only Host headers that name this machine', () => {
    for (const ok of ['127.0.0.1:7341', 'localhost', 'LOCALHOST:80', '[::1]:7341']) assert.equal(isLocalHostHeader(ok), true, ok);
    for (const bad of [undefined, '', 'evil.example:7341', '127.0.0.1.evil.example', '[::2]:80']) assert.equal(isLocalHostHeader(bad), false, String(bad));
  });

  it('knows loopback bind addresses', () => {
    for (const ok of ['127.0.0.1', '127.0.0.2', 'localhost', '::1']) assert.equal(isLoopbackHost(ok), true, ok);
    for (const bad of ['0.0.0.0', '::', '192.168.1.5', 'example.com']) assert.equal(isLoopbackHost(bad), false, bad);
  });

  it('compares bearer tokens exactly', () => {
    assert.equal(bearerTokenMatches({ authorization: 'Bearer s3cret' }, 's3cret'), true);
    assert.equal(bearerTokenMatches({ authorization: 'bearer s3cret' }, 's3cret'), true, 'the scheme is case-insensitive');
    for (const bad of [undefined, '', 'Bearer', 'Bearer ', 'Bearer s3cre', 'Bearer s3cret2', 'Basic s3cret', 's3cret', 'Bearer s3cret extra']) {
      assert.equal(bearerTokenMatches({ authorization: bad }, 's3cret'), false, String(bad));
    }
    assert.equal(bearerTokenMatches({ authorization: 'Bearer ' }, ''), false, 'an empty token never matches');
  });

  it('checks Origin before the token (403 beats 401), and the Host only when asked', () => {
    const token = 't0k3n';
    assert.deepEqual(checkRequest({ host: 'localhost:1', authorization: 'Bearer t0k3n' }, { token, checkHost: true }), { ok: true });
    assert.equal((checkRequest({ host: 'localhost:1', origin: 'https://evil.example' }, { token, checkHost: true }) as { status: number }).status, 403);
    assert.equal((checkRequest({ host: 'evil.example', authorization: 'Bearer t0k3n' }, { token, checkHost: true }) as { status: number }).status, 403);
    assert.deepEqual(checkRequest({ host: 'build-box:7341', authorization: 'Bearer t0k3n' }, { token, checkHost: false }), { ok: true });
    assert.equal((checkRequest({ host: 'localhost:1' }, { token, checkHost: true }) as { status: number }).status, 401);
  });
});
