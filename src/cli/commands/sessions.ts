import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CheckpointError, exportSession, importCheckpoint, parseCheckpoint, type ExportFormat } from '../../sessions/checkpoint';
import { blocksToText } from '../../sessions/content';
import { defaultDataDir } from '../../sessions/dataDir';
import { SessionStore, type SessionInfo } from '../../sessions/store';
import { UsageError, UserError } from '../errors';

/** Output and environment of the sessions commands (tests pass their own). */
export interface SessionsIo {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  wasmPath?: string;
}

const processIo: SessionsIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
};

export function registerSessions(program: Command, io: SessionsIo = processIo): void {
  const sessions = program.command('sessions').description('saved chat sessions');
  const withStore = async <T>(work: (store: SessionStore) => T | Promise<T>): Promise<T> => {
    const store = await SessionStore.open({
      dataDir: defaultDataDir(io.env),
      wasmPath: io.wasmPath,
      onDiagnostic: (d) => io.err(`atmos-ai: warning: ${d.message}\n`),
    });
    try {
      return await work(store);
    } finally {
      store.close();
    }
  };
  const find = (store: SessionStore, id: string): SessionInfo => {
    let session: SessionInfo | undefined;
    try {
      session = store.resolveSession(id);
    } catch (err) {
      throw new UserError((err as Error).message);
    }
    if (!session) throw new UserError(`no session '${id}' (see 'atmos-ai sessions list')`);
    return session;
  };

  sessions
    .command('list')
    .description('sessions, most recent first')
    .option('--provider <provider>', 'only sessions of this provider')
    .option('--limit <n>', 'at most this many', (v) => positiveInt(v, '--limit'))
    .option('--format <format>', 'text | json', 'text')
    .action((opts: { provider?: string; limit?: number; format: string }) =>
      withStore((store) => {
        const format = choice(opts.format, ['text', 'json'], '--format');
        const list = store.listSessions({ provider: opts.provider, limit: opts.limit });
        if (format === 'json') {
          io.out(`${JSON.stringify(list.map((s) => ({ ...s, ...totalsOf(store, s.id) })), null, 2)}\n`);
          return;
        }
        if (list.length === 0) {
          io.out('no sessions\n');
          return;
        }
        for (const s of list) {
          io.out(`${s.id.slice(0, 8)}  ${isoMinute(s.updatedAt)}  ${pad(`${s.provider || '-'}/${s.model || '-'}`, 28)}  ${pad(`${s.messageCount} msg`, 8)}  ${s.name}\n`);
        }
        const t = store.totals();
        io.out(`${list.length} session${list.length === 1 ? '' : 's'}; tokens in ${t.inputTokens}, out ${t.outputTokens}, cache read ${t.cacheReadTokens}, cache write ${t.cacheWriteTokens}; cost $${t.cost.toFixed(4)}\n`);
      }),
    );

  sessions
    .command('show <id>')
    .description('print a session (id or a unique prefix)')
    .option('--format <format>', 'text | json', 'text')
    .action((id: string, opts: { format: string }) =>
      withStore((store) => {
        const format = choice(opts.format, ['text', 'json'], '--format');
        const s = find(store, id);
        const messages = store.getMessages(s.id);
        if (format === 'json') {
          io.out(`${JSON.stringify({ session: s, totals: store.totals(s.id), messages, summaries: store.getSummaries(s.id) }, null, 2)}\n`);
          return;
        }
        const t = store.totals(s.id);
        io.out(`${s.name}\n  id: ${s.id}\n  provider: ${s.provider || '-'}  model: ${s.model || '-'}  agent: ${s.agent || '-'}\n`);
        io.out(`  created: ${isoMinute(s.createdAt)}  updated: ${isoMinute(s.updatedAt)}  messages: ${s.messageCount}\n`);
        io.out(`  tokens in ${t.inputTokens}, out ${t.outputTokens}, cache read ${t.cacheReadTokens}, cache write ${t.cacheWriteTokens}; cost $${t.cost.toFixed(4)}\n`);
        for (const m of messages) {
          io.out(`\n[${m.sequence}] ${m.role}${m.archived ? ' (archived)' : ''}  ${isoMinute(m.createdAt)}\n${blocksToText(m.content)}\n`);
        }
      }),
    );

  sessions
    .command('rename <id> <name>')
    .description('rename a session')
    .action((id: string, name: string) =>
      withStore((store) => {
        if (!name.trim()) throw new UsageError('the new name is empty');
        const s = store.renameSession(find(store, id).id, name);
        io.out(`renamed ${s.id} to ${s.name}\n`);
      }),
    );

  sessions
    .command('delete <id>')
    .description('delete a session and its messages')
    .action((id: string) =>
      withStore((store) => {
        const s = find(store, id);
        store.deleteSession(s.id);
        io.out(`deleted ${s.id} (${s.name}, ${s.messageCount} messages)\n`);
      }),
    );

  sessions
    .command('search <text>')
    .description('full-text search over messages')
    .option('--limit <n>', 'at most this many hits', (v) => positiveInt(v, '--limit'), 50)
    .option('--format <format>', 'text | json', 'text')
    .action((text: string, opts: { limit: number; format: string }) =>
      withStore((store) => {
        const format = choice(opts.format, ['text', 'json'], '--format');
        const hits = store.search(text, { limit: opts.limit });
        if (format === 'json') {
          io.out(`${JSON.stringify(hits, null, 2)}\n`);
          return;
        }
        if (hits.length === 0) io.out('no matches\n');
        for (const h of hits) io.out(`${h.sessionId.slice(0, 8)}  ${isoMinute(h.createdAt)}  ${h.sessionName} [${h.role}]: ${h.snippet.replace(/\s+/g, ' ')}\n`);
      }),
    );

  sessions
    .command('export <id>')
    .description('export a session (Atmos checkpoint v1.0 JSON/YAML, or Markdown)')
    .option('--format <format>', 'json | yaml | md', 'json')
    .action((id: string, opts: { format: string }) =>
      withStore((store) => {
        const format = choice(opts.format, ['json', 'yaml', 'md'], '--format') as ExportFormat;
        io.out(exportSession(store, find(store, id).id, format));
      }),
    );

  sessions
    .command('import <file>')
    .description('import an exported session (JSON or YAML) as a new session')
    .option('--name <name>', 'name for the imported session')
    .action((file: string, opts: { name?: string }) =>
      withStore((store) => {
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch (err) {
          throw new UserError(`cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { file });
        }
        let checkpoint;
        try {
          checkpoint = parseCheckpoint(text);
        } catch (err) {
          if (!(err instanceof CheckpointError)) throw err;
          const [first, ...rest] = err.problems;
          const more = rest.map((p) => `\n${[file, p.line, p.col].filter((x) => x !== undefined).join(':')}: ${p.message}`).join('');
          throw new UserError(`${first.message}${more}`, { file, line: first.line, col: first.col });
        }
        const s = importCheckpoint(store, checkpoint, { name: opts.name });
        io.out(`imported ${s.id} (${s.name}, ${s.messageCount} messages)\n`);
      }),
    );
}

function totalsOf(store: SessionStore, id: string) {
  return { totals: store.totals(id) };
}

function choice(value: string, allowed: string[], flag: string): string {
  if (!allowed.includes(value)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got '${value}')`);
  return value;
}

function positiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a positive whole number (got '${value}')`);
  return n;
}

function isoMinute(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}
