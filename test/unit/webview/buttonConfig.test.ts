import assert from 'node:assert/strict';
import { TOOL_STATES, shortcutFor } from '../../../webview/buttonConfig';

const key = (code: string, mods: Partial<{ altKey: boolean; shiftKey: boolean; ctrlKey: boolean; metaKey: boolean }> = {}) => ({ code, altKey: false, shiftKey: false, ctrlKey: false, metaKey: false, ...mods });

describe('approval buttons table (webview/buttonConfig)', () => {
  it('offers Allow once / Allow always / Deny only while a card waits for approval', () => {
    for (const [status, view] of Object.entries(TOOL_STATES)) {
      const answers = view.buttons.map((b) => b.answer);
      if (status === 'awaiting_approval') assert.deepEqual(answers, ['allow_once', 'allow_always', 'deny']);
      else assert.deepEqual(answers, [], `${status} shows no approval buttons`);
    }
  });

  it('every button shortcut maps back to its own answer', () => {
    for (const b of TOOL_STATES.awaiting_approval.buttons) {
      const parts = b.shortcut.split('+');
      const code = `Key${parts[parts.length - 1]}`;
      assert.equal(shortcutFor(key(code, { altKey: parts.includes('Alt'), shiftKey: parts.includes('Shift') })), b.answer, b.shortcut);
    }
  });

  it('plain typing, Ctrl and Cmd combinations answer nothing', () => {
    assert.equal(shortcutFor(key('KeyA')), undefined);
    assert.equal(shortcutFor(key('KeyD', { shiftKey: true })), undefined);
    assert.equal(shortcutFor(key('KeyA', { altKey: true, ctrlKey: true })), undefined);
    assert.equal(shortcutFor(key('KeyD', { altKey: true, metaKey: true })), undefined);
    assert.equal(shortcutFor(key('KeyD', { altKey: true, shiftKey: true })), undefined);
  });

  it('only a card waiting for approval offers Show diff', () => {
    for (const [status, view] of Object.entries(TOOL_STATES)) assert.equal(view.showDiff, status === 'awaiting_approval', status);
  });

  it('failed, denied and timed-out cards open their result; done and running ones do not', () => {
    assert.equal(TOOL_STATES.error.openResult, true);
    assert.equal(TOOL_STATES.denied.openResult, true);
    assert.equal(TOOL_STATES.timeout.openResult, true);
    assert.equal(TOOL_STATES.success.openResult, false);
    assert.equal(TOOL_STATES.running.openResult, false);
  });
});
