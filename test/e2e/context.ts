import type { Frame, Page } from 'playwright-core';
import type { TappedMessage } from './browser';
import type { PackagedExtension } from './packageExtension';

/** Everything a case may use. Cases run in list order on one workbench page, so a case may rely on earlier ones. */
export interface E2eContext {
  page: Page;
  /** The temp copy of examples/acme that code-server opened. */
  workspace: string;
  /** The packaged extension under test (its version is package.json's). */
  extension: PackagedExtension;
  /** code-server's --user-data-dir (logs are under logs/). */
  userDataDir: string;
  /** Saves a numbered screenshot of the page into .artifacts/e2e/; returns the file. */
  screenshot(name: string): Promise<string>;
  /** Opens the Atmos AI container from the activity bar (no-op when open). */
  openAtmosAi(): Promise<void>;
  /** The webview frame (nested iframes) that holds `selector`. */
  webviewFrame(selector: string, timeoutMs?: number): Promise<Frame>;
  /** Every host⇄webview protocol message so far (requests, responses, events), deduplicated across frames. */
  protocolMessages(): Promise<TappedMessage[]>;
  /** Records a figure for the closing summary (sizes, timings). */
  figure(name: string, value: string): void;
}

export interface E2eCase {
  /** Short and unique; `npm run test:e2e -- --grep <text>` selects cases by it. */
  name: string;
  /** Bound on the whole case (default 60 s). */
  timeoutMs?: number;
  /** Throws (e.g. a failed `assert`) to fail. */
  run(ctx: E2eContext): Promise<void>;
}
