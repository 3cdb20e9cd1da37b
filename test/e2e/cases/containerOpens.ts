import assert from 'node:assert/strict';
import type { E2eCase } from '../context';

export const containerOpens: E2eCase = {
  name: 'the Atmos AI container opens from the activity bar',
  async run({ page, openAtmosAi, screenshot }) {
    await openAtmosAi();
    const title = page.locator('.part.sidebar .composite.title h2').first();
    await title.waitFor({ state: 'visible', timeout: 15_000 });
    assert.match((await title.innerText()).trim(), /^atmos ai$/i);
    // The container's views, by their pane headers.
    for (const view of ['Chat', 'Stacks', 'Sessions', 'Agents']) {
      const header = page.locator(`.part.sidebar .pane-header[aria-label^="${view}"]`).first();
      await header.waitFor({ state: 'attached', timeout: 15_000 });
    }
    await screenshot('atmos-ai-container');
  },
};
