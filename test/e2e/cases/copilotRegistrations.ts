import assert from 'node:assert/strict';
import type { E2eCase } from '../context';
import { LM_TOOL_NAMES } from '../../../src/tools/atmos/languageModelToolManifest';
import { runCommand } from './editorHelpers';

/**
 * Copilot can reach Atmos: the Language Model Tools, the @atmos participant and the MCP server definition
 * provider are registered in this VS Code (checked through the API by a command of ours; Copilot itself is
 * not installed here).
 */
export const copilotRegistrations: E2eCase = {
  name: 'Copilot integration: LM tools, @atmos participant and MCP provider are registered',
  async run({ page, openAtmosAi, screenshot, figure }) {
    await openAtmosAi(); // the extension is active and its contributions are loaded
    await runCommand(page, 'Atmos AI: Show Copilot Registrations');
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'Atmos AI registrations:' }).first();
    await toast.waitFor({ state: 'visible', timeout: 20_000 });
    const text = (await toast.innerText()).replace(/\s+/g, ' ');
    await screenshot('copilot-registrations');
    const json = JSON.parse(text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1)) as { languageModelTools: string[]; chatParticipant: string | null; mcpServerDefinitionProvider: string | null };
    assert.deepEqual(json.languageModelTools, [...LM_TOOL_NAMES].sort());
    assert.equal(json.mcpServerDefinitionProvider, 'atmosAi.mcp');
    figure('chat participant registered', String(json.chatParticipant !== null));
    if (json.chatParticipant !== null) assert.equal(json.chatParticipant, 'atmosAi.atmos');
    // leave the workbench as we found it: no toast or palette over the next case's clicks
    await runCommand(page, 'Notifications: Clear All Notifications');
    await toast.waitFor({ state: 'hidden', timeout: 10_000 });
    await page.keyboard.press('Escape');
  },
};
