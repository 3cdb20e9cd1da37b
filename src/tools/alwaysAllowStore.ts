/**
 * Remembers "Allow always" answers per workspace, in one JSON file under the data directory.
 * Listing and revoking are part of the contract: users must be able to take an answer back.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { AlwaysAllowed } from './permissionPolicy';

interface StoredAnswers {
  version: 1;
  workspaces: Record<string, { path: string; tools: Record<string, { since: string }> }>;
}

export class AlwaysAllowStore {
  private readonly file: string;

  constructor(dataDir: string, private readonly now: () => Date = () => new Date()) {
    this.file = path.join(dataDir, 'always-allow.json');
  }

  /** A snapshot for `decide()`; reload after a change. */
  async forWorkspace(workspace: string): Promise<AlwaysAllowed & { tools: string[] }> {
    const tools = await this.list(workspace);
    const set = new Set(tools.map((t) => t.tool));
    return { has: (tool) => set.has(tool), tools: [...set] };
  }

  async list(workspace: string): Promise<{ tool: string; since: string }[]> {
    const data = await this.load();
    const entry = data.workspaces[key(workspace)];
    return entry ? Object.entries(entry.tools).map(([tool, v]) => ({ tool, since: v.since })).sort((a, b) => a.tool.localeCompare(b.tool)) : [];
  }

  async allow(workspace: string, tool: string): Promise<void> {
    await this.update((data) => {
      const k = key(workspace);
      data.workspaces[k] ??= { path: path.resolve(workspace), tools: {} };
      data.workspaces[k].tools[tool] = { since: this.now().toISOString() };
    });
  }

  /** Revokes one tool, or every remembered answer of the workspace when `tool` is omitted. */
  async revoke(workspace: string, tool?: string): Promise<boolean> {
    let changed = false;
    await this.update((data) => {
      const entry = data.workspaces[key(workspace)];
      if (!entry) return;
      if (tool === undefined) {
        changed = Object.keys(entry.tools).length > 0;
        entry.tools = {};
      } else if (tool in entry.tools) {
        delete entry.tools[tool];
        changed = true;
      }
    });
    return changed;
  }

  private async load(): Promise<StoredAnswers> {
    try {
      const parsed = JSON.parse(await readFile(this.file, 'utf8')) as StoredAnswers;
      if (parsed?.version === 1 && typeof parsed.workspaces === 'object') return parsed;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' && !(err instanceof SyntaxError)) throw err;
    }
    return { version: 1, workspaces: {} };
  }

  private async update(change: (data: StoredAnswers) => void): Promise<void> {
    const data = await this.load();
    change(data);
    await mkdir(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(tmp, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
    await rename(tmp, this.file);
  }
}

function key(workspace: string): string {
  return createHash('sha256').update(path.resolve(workspace)).digest('hex').slice(0, 16);
}
