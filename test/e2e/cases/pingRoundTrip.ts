import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { PingResult } from '../../../src/protocol';
import type { E2eCase } from '../context';

/** The webview sends `ping` on load; the host's answer (version, Atmos root) is what it renders. */
export const pingRoundTrip: E2eCase = {
  name: 'ping round trip shows the version and the Atmos root',
  async run({ openAtmosAi, webviewFrame, workspace, extension, protocolMessages, screenshot, figure }) {
    await openAtmosAi();
    const frame = await webviewFrame('[data-testid="connection"]', 45_000);
    const connection = frame.locator('[data-testid="connection"]');
    const version = frame.locator('[data-testid="version"]');
    // Connected (the version) or failed (the error the webview shows), whichever comes first.
    const settled = frame.locator('[data-testid="version"], [data-testid="connection"] .error').first();
    try {
      await settled.waitFor({ state: 'visible', timeout: 20_000 });
    } catch {
      // still "connecting": reported below with what it reads
    }
    if (!(await version.isVisible())) {
      throw new Error(`no version rendered; the connection reads: ${JSON.stringify((await connection.innerText()).trim())}`);
    }
    assert.equal((await version.innerText()).trim(), extension.version);
    const root = (await frame.locator('[data-testid="atmos-root"]').innerText()).trim();
    const folder = path.basename(workspace);
    assert.ok(root.endsWith(`${path.sep}${folder}`), `Atmos root ${JSON.stringify(root)} does not end with the workspace folder ${folder}`);
    await screenshot('ping-round-trip');

    // The same answer on the wire: the request the webview sent and the host's response to it.
    const messages = await protocolMessages();
    const request = messages.find((m) => m.kind === 'request' && m.name === 'ping');
    assert.ok(request, `no ping request seen; messages: ${JSON.stringify(messages)}`);
    const response = messages.find((m) => m.kind === 'response' && m.id === request.id);
    assert.ok(response && response.ok === true, `no successful response to ping #${String(request.id)}: ${JSON.stringify(response)}`);
    const result = response.result as PingResult;
    assert.equal(result.version, extension.version);
    assert.equal(result.atmosRoot, root);
    assert.ok(Number.isFinite(result.activationMs) && result.activationMs >= 0, `activationMs ${result.activationMs} is not a duration`);
    figure('activation time (ping result activationMs)', `${result.activationMs} ms`);
  },
};
