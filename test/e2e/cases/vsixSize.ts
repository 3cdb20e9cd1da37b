import assert from 'node:assert/strict';
import type { E2eCase } from '../context';

/** Issue 3's budget for the packaged extension. */
const maxBytes = 5 * 1024 * 1024;

export const vsixSize: E2eCase = {
  name: 'the .vsix is under 5 MB',
  async run({ extension, figure }) {
    figure('.vsix size', `${extension.vsixBytes} bytes (${(extension.vsixBytes / 1024).toFixed(1)} KiB)`);
    figure('dist/extension.js size (production)', `${extension.extensionJsBytes} bytes (${(extension.extensionJsBytes / 1024).toFixed(1)} KiB)`);
    assert.ok(extension.vsixBytes < maxBytes, `${extension.vsix} is ${extension.vsixBytes} bytes, over ${maxBytes}`);
  },
};
