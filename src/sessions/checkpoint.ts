/**
 * Export and import, compatible with upstream Atmos's session checkpoint format v1.0
 * (`pkg/ai/session/checkpoint.go`): the same keys, RFC 3339 times, `content` as text. Our typed blocks
 * ride along in an extra `blocks` field per message, which upstream ignores and we read back, so a
 * session moves between `atmos ai` and this extension in both directions.
 */
import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import * as os from 'node:os';
import { LineCounter, parseDocument, stringify, isMap, isSeq, type Node } from 'yaml';
import { blocksToText, type ContentBlock } from './content';
import type { Role } from './mutations';
import type { SessionInfo, SessionStore, StoredMessage } from './store';

export const CHECKPOINT_VERSION = '1.0';

export type ExportFormat = 'json' | 'yaml' | 'md';

export interface Checkpoint {
  version: string;
  exported_at: string;
  exported_by?: string;
  session: {
    name: string;
    provider: string;
    model: string;
    skill?: string;
    project_path: string;
    created_at: string;
    updated_at: string;
    metadata?: Record<string, unknown>;
  };
  messages: CheckpointMessage[];
  context?: { project_instructions?: string; files_accessed?: string[]; working_directory?: string };
  statistics: {
    message_count: number;
    user_messages: number;
    assistant_messages: number;
    total_tokens?: number;
    tool_calls?: number;
  };
}

export interface CheckpointMessage {
  role: Role;
  content: string;
  created_at: string;
  archived?: boolean;
  /** Atmos AI extension: the message's typed content blocks. */
  blocks?: ContentBlock[];
}

export function buildCheckpoint(session: SessionInfo, messages: StoredMessage[], options: { now?: () => number; totalTokens?: number } = {}): Checkpoint {
  const now = options.now ?? Date.now;
  let exportedBy: string | undefined;
  try {
    exportedBy = os.userInfo().username || undefined;
  } catch {
    exportedBy = undefined;
  }
  const toolCalls = messages.reduce((n, m) => n + m.content.filter((b) => b.type === 'tool_use').length, 0);
  const totalTokens = options.totalTokens ?? messages.reduce((n, m) => n + m.inputTokens + m.outputTokens, 0);
  return {
    version: CHECKPOINT_VERSION,
    exported_at: iso(now()),
    ...(exportedBy ? { exported_by: exportedBy } : {}),
    session: {
      name: session.name,
      provider: session.provider,
      model: session.model,
      ...(session.agent ? { skill: session.agent } : {}),
      project_path: session.projectPath,
      created_at: iso(session.createdAt),
      updated_at: iso(session.updatedAt),
      ...(Object.keys(session.metadata).length ? { metadata: session.metadata } : {}),
    },
    messages: messages.map((m) => ({
      role: m.role,
      content: blocksToText(m.content),
      created_at: iso(m.createdAt),
      ...(m.archived ? { archived: true } : {}),
      blocks: m.content,
    })),
    statistics: {
      message_count: messages.length,
      user_messages: messages.filter((m) => m.role === 'user').length,
      assistant_messages: messages.filter((m) => m.role === 'assistant').length,
      ...(totalTokens > 0 ? { total_tokens: totalTokens } : {}),
      ...(toolCalls > 0 ? { tool_calls: toolCalls } : {}),
    },
  };
}

export function exportSession(store: SessionStore, sessionId: string, format: ExportFormat, options: { now?: () => number } = {}): string {
  const session = store.getSession(sessionId);
  if (!session) throw new Error(`no session '${sessionId}'`);
  const totals = store.totals(sessionId);
  const checkpoint = buildCheckpoint(session, store.getMessages(sessionId), {
    now: options.now,
    totalTokens: totals.inputTokens + totals.outputTokens + totals.cacheReadTokens + totals.cacheWriteTokens,
  });
  switch (format) {
    case 'json':
      return `${JSON.stringify(checkpoint, null, 2)}\n`;
    case 'yaml':
      return stringify(checkpoint, { indent: 2, lineWidth: 0 });
    case 'md':
      return renderMarkdown(checkpoint);
  }
}

/** Human-readable, laid out like upstream's Markdown export. */
export function renderMarkdown(c: Checkpoint): string {
  const out: string[] = [`# Atmos AI Session: ${c.session.name}`, ''];
  out.push(`**Exported:** ${c.exported_at}`);
  if (c.exported_by) out.push(`**Exported By:** ${c.exported_by}`);
  out.push(`**Provider:** ${c.session.provider}`, `**Model:** ${c.session.model}`);
  if (c.session.skill) out.push(`**Skill:** ${c.session.skill}`);
  out.push(`**Created:** ${c.session.created_at}`, `**Messages:** ${c.statistics.message_count}`, '');
  out.push('## Statistics', '');
  out.push(`- Total Messages: ${c.statistics.message_count}`, `- User Messages: ${c.statistics.user_messages}`, `- Assistant Messages: ${c.statistics.assistant_messages}`);
  if (c.statistics.total_tokens) out.push(`- Total Tokens: ${c.statistics.total_tokens}`);
  if (c.statistics.tool_calls) out.push(`- Tool Calls: ${c.statistics.tool_calls}`);
  out.push('', '## Conversation', '');
  c.messages.forEach((m, i) => {
    out.push(`### Message ${i + 1} - ${m.role.toUpperCase()}${m.archived ? ' (COMPACTED)' : ''}`, `*${m.created_at}*`, '', m.content, '', '---', '');
  });
  return out.join('\n');
}

// -- import -------------------------------------------------------------------------------------

export interface LocatedError {
  message: string;
  line?: number;
  col?: number;
}

/** A checkpoint that failed to parse or validate; every problem carries its line and column. */
export class CheckpointError extends Error {
  constructor(readonly problems: LocatedError[]) {
    super(problems.map((p) => (p.line ? `${p.line}:${p.col ?? 1}: ${p.message}` : p.message)).join('\n'));
    this.name = 'CheckpointError';
  }
}

const TEXT_BLOCK = { type: 'object', required: ['type', 'text'], properties: { type: { const: 'text' }, text: { type: 'string' } } };
const BLOCK_SCHEMA = {
  type: 'object',
  required: ['type'],
  discriminator: { propertyName: 'type' },
  oneOf: [
    TEXT_BLOCK,
    {
      type: 'object',
      required: ['type', 'id', 'name', 'input'],
      properties: {
        type: { const: 'tool_use' },
        id: { type: 'string' },
        name: { type: 'string' },
        input: { type: 'object' },
        providerData: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
    {
      type: 'object',
      required: ['type', 'toolUseId', 'content'],
      properties: {
        type: { const: 'tool_result' },
        toolUseId: { type: 'string' },
        content: { anyOf: [{ type: 'string' }, { type: 'array', items: TEXT_BLOCK }] },
        isError: { type: 'boolean' },
      },
    },
    {
      type: 'object',
      required: ['type', 'mediaType', 'data'],
      properties: { type: { const: 'image' }, mediaType: { enum: ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] }, data: { type: 'string' } },
    },
  ],
};

const CHECKPOINT_SCHEMA = {
  type: 'object',
  required: ['version', 'session', 'messages', 'statistics'],
  properties: {
    version: { const: CHECKPOINT_VERSION },
    exported_at: { type: 'string', format: 'date-time' },
    exported_by: { type: 'string' },
    session: {
      type: 'object',
      required: ['name', 'provider', 'model'],
      properties: {
        name: { type: 'string', minLength: 1 },
        provider: { type: 'string' },
        model: { type: 'string' },
        skill: { type: 'string' },
        project_path: { type: 'string' },
        created_at: { type: 'string', format: 'date-time' },
        updated_at: { type: 'string', format: 'date-time' },
        metadata: { type: ['object', 'null'] },
      },
    },
    messages: {
      type: 'array',
      items: {
        type: 'object',
        required: ['role', 'content'],
        properties: {
          role: { enum: ['user', 'assistant', 'system'] },
          content: { type: 'string' },
          created_at: { type: 'string', format: 'date-time' },
          archived: { type: 'boolean' },
          blocks: { type: 'array', items: BLOCK_SCHEMA },
        },
      },
    },
    context: { type: ['object', 'null'] },
    statistics: {
      type: 'object',
      required: ['message_count'],
      properties: { message_count: { type: 'integer', minimum: 0 } },
    },
  },
};

let validator: ReturnType<Ajv['compile']> | undefined;

function validate(value: unknown): ErrorObject[] {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, strict: false, discriminator: true });
    addFormats(ajv);
    validator = ajv.compile(CHECKPOINT_SCHEMA);
  }
  return validator(value) ? [] : (validator.errors ?? []);
}

/** Parses JSON or YAML text (JSON is YAML), validates it, and reports every problem with its location. */
export function parseCheckpoint(text: string): Checkpoint {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false });
  const at = (offset: number | undefined): Pick<LocatedError, 'line' | 'col'> => {
    if (offset === undefined) return {};
    const { line, col } = lineCounter.linePos(offset);
    return { line, col };
  };
  if (doc.errors.length > 0) {
    throw new CheckpointError(doc.errors.map((e) => ({ message: e.message.split('\n')[0], ...at(e.pos[0]) })));
  }
  const value: unknown = doc.toJS({ maxAliasCount: 100 });
  const problems: LocatedError[] = validate(value).map((e) => {
    const pathParts = e.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    const node = nodeAt(doc.contents, pathParts);
    const where = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : 'checkpoint';
    const detail =
      e.keyword === 'const' || e.keyword === 'enum'
        ? `must be ${JSON.stringify((e.params as { allowedValue?: unknown; allowedValues?: unknown }).allowedValue ?? (e.params as { allowedValues?: unknown }).allowedValues)}`
        : e.message ?? 'is invalid';
    return { message: `${where} ${detail}`, ...at(node?.range?.[0]) };
  });
  if (problems.length === 0) {
    const checkpoint = value as Checkpoint;
    if (checkpoint.statistics.message_count !== checkpoint.messages.length) {
      const node = nodeAt(doc.contents, ['statistics', 'message_count']);
      problems.push({
        message: `statistics.message_count is ${checkpoint.statistics.message_count} but the file has ${checkpoint.messages.length} messages`,
        ...at(node?.range?.[0]),
      });
    }
  }
  if (problems.length > 0) throw new CheckpointError(dedupe(problems));
  return value as Checkpoint;
}

/** Imports a checkpoint as a new session (a fresh id); times and archived flags are kept. */
export function importCheckpoint(store: SessionStore, checkpoint: Checkpoint, options: { name?: string; projectPath?: string } = {}): SessionInfo {
  const now = Date.now();
  const time = (text: string | undefined, fallback: number) => {
    const t = text ? Date.parse(text) : NaN;
    return Number.isFinite(t) ? t : fallback;
  };
  const created = time(checkpoint.session.created_at, now);
  const session = store.createSession({
    name: options.name ?? checkpoint.session.name,
    provider: checkpoint.session.provider,
    model: checkpoint.session.model,
    agent: checkpoint.session.skill ?? '',
    projectPath: options.projectPath ?? checkpoint.session.project_path ?? '',
    metadata: checkpoint.session.metadata ?? {},
    createdAt: created,
  });
  let last = created;
  for (const m of checkpoint.messages) {
    last = Math.max(last, time(m.created_at, last));
    store.appendMessage(session.id, {
      role: m.role,
      content: m.blocks && m.blocks.length > 0 ? m.blocks : [{ type: 'text', text: m.content }],
      createdAt: last,
      archived: m.archived === true,
    });
  }
  return store.getSession(session.id)!;
}

function nodeAt(root: unknown, parts: string[]): Node | undefined {
  let node = root as Node | undefined;
  for (const part of parts) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === part);
      node = (pair?.value ?? pair?.key) as Node | undefined;
    } else if (isSeq(node)) {
      node = node.items[Number(part)] as Node | undefined;
    } else {
      break;
    }
  }
  return node;
}

function dedupe(problems: LocatedError[]): LocatedError[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.line}:${p.col}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
