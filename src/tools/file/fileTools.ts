/**
 * File tools: read, write and search inside the workspace only. Every path goes through the WorkspaceGuard
 * (realpath confinement, .atmosignore, secret files). Writes are atomic and show a diff for approval.
 */
import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { glob } from 'tinyglobby';
import type { ToolOutput, ToolSpec } from '../toolSpec';
import type { WorkspaceGuard } from '../workspaceGuard';
import { writeFileAtomic } from './atomicWrite';

export interface FileToolOptions {
  root: string;
  guard: WorkspaceGuard;
  /** Stacks base path, relative to root (from atmos.yaml). */
  stacksDir: string;
  /** Components base paths by type, relative to root (from atmos.yaml). */
  componentDirs: Record<string, string>;
  maxReadBytes?: number;
}

const DEFAULT_MAX_READ = 1024 * 1024;
const SKIP_DIRS = ['**/node_modules/**', '**/.git/**', '**/.terraform/**'];

export function fileTools(opts: FileToolOptions): ToolSpec[] {
  const maxRead = opts.maxReadBytes ?? DEFAULT_MAX_READ;

  /** Resolves a path under `baseDir` (relative to root) and checks it with the guard. */
  const resolve = async (baseDir: string, requested: string): Promise<{ absolute: string; relative: string } | ToolOutput> => {
    const base = path.resolve(opts.root, baseDir);
    const target = path.resolve(base, requested);
    const rel = path.relative(base, target);
    if (rel.startsWith('..') || path.isAbsolute(rel)) return { content: `${requested} is outside ${baseDir || 'the workspace'}`, isError: true };
    const checked = await opts.guard.check(path.relative(opts.root, target) || '.');
    return checked.ok ? checked : { content: checked.message, isError: true };
  };

  const read = async (baseDir: string, requested: string, startLine?: number, endLine?: number): Promise<ToolOutput> => {
    const target = await resolve(baseDir, requested);
    if ('content' in target) return target;
    let info;
    try {
      info = await stat(target.absolute);
    } catch {
      return { content: `${target.relative} does not exist`, isError: true };
    }
    if (info.isDirectory()) return { content: `${target.relative} is a directory; use file_search to list it`, isError: true };
    if (info.size > maxRead) return { content: `${target.relative} is ${info.size} bytes, over the ${maxRead}-byte read limit; read a line range`, isError: true };
    const buffer = await readFile(target.absolute);
    if (buffer.includes(0)) return { content: `${target.relative} is a binary file`, isError: true };
    const lines = buffer.toString('utf8').split('\n');
    const from = Math.max(1, startLine ?? 1);
    const to = Math.min(lines.length, endLine ?? lines.length);
    const body = lines.slice(from - 1, to).join('\n');
    return { content: from === 1 && to === lines.length ? body : `${target.relative} lines ${from}-${to} of ${lines.length}:\n${body}` };
  };

  const write = (baseDir: string) => ({
    preview: async (requested: string, content: string) => {
      const target = await resolve(baseDir, requested);
      if ('content' in target) return { summary: target.content };
      const before = await readFile(target.absolute, 'utf8').catch(() => '');
      return { diff: createTwoFilesPatch(`a/${target.relative}`, `b/${target.relative}`, before, content, undefined, undefined, { context: 3 }), summary: before ? `edit ${target.relative}` : `create ${target.relative}` };
    },
    run: async (requested: string, content: string): Promise<ToolOutput> => {
      const target = await resolve(baseDir, requested);
      if ('content' in target) return target;
      await writeFileAtomic(target.absolute, content);
      return { content: `wrote ${Buffer.byteLength(content)} bytes to ${target.relative}` };
    },
  });

  /** The component's folder (relative to root), or an error when the type is unknown or the name climbs out. */
  const componentPath = (a: Record<string, unknown>): string | ToolOutput => {
    const type = String(a.type ?? 'terraform');
    const dir = opts.componentDirs[type];
    if (dir === undefined) return { content: `unknown component type '${type}'; known: ${Object.keys(opts.componentDirs).join(', ')}`, isError: true };
    const folder = path.join(dir, String(a.component));
    const rel = path.relative(dir, folder);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return { content: `${String(a.component)} is outside ${dir}`, isError: true };
    return folder;
  };
  const wsWrite = write('');
  const stackWrite = write(opts.stacksDir);

  const str = (description: string) => ({ type: 'string', minLength: 1, description });
  const lineRange = { start_line: { type: 'integer', minimum: 1, description: 'first line (1-based)' }, end_line: { type: 'integer', minimum: 1, description: 'last line' } };
  const componentArgs = { component: str('component folder, e.g. vpc'), file: str('file inside the component folder, e.g. variables.tf'), type: { type: 'string', enum: Object.keys(opts.componentDirs), description: 'component type (default terraform)' } };

  return [
    {
      name: 'file_read',
      description: 'Read a text file in the workspace (optionally a line range).',
      readOnly: true,
      inputSchema: { type: 'object', properties: { path: str('path relative to the workspace root'), ...lineRange }, required: ['path'], additionalProperties: false },
      run: (a) => read('', String(a.path), a.start_line as number | undefined, a.end_line as number | undefined),
    },
    {
      name: 'read_stack_file',
      description: 'Read a stack manifest, by its path relative to the stacks base path.',
      readOnly: true,
      inputSchema: { type: 'object', properties: { path: str('path relative to the stacks folder, e.g. orgs/acme/plat/prod/us-east-2.yaml'), ...lineRange }, required: ['path'], additionalProperties: false },
      run: (a) => read(opts.stacksDir, String(a.path), a.start_line as number | undefined, a.end_line as number | undefined),
    },
    {
      name: 'read_component_file',
      description: "Read a file of a component's source folder (e.g. a Terraform component's variables.tf).",
      readOnly: true,
      inputSchema: { type: 'object', properties: { ...componentArgs, ...lineRange }, required: ['component', 'file'], additionalProperties: false },
      run: async (a) => {
        const dir = componentPath(a);
        return typeof dir !== 'string' ? dir : read(dir, String(a.file), a.start_line as number | undefined, a.end_line as number | undefined);
      },
    },
    {
      name: 'file_search',
      description: 'Find workspace files by glob and/or lines containing a text or regular expression.',
      readOnly: true,
      inputSchema: {
        type: 'object',
        properties: {
          glob: { type: 'string', description: 'glob relative to the workspace root, e.g. stacks/**/*.yaml (default **/*)' },
          text: { type: 'string', description: 'text to find in file contents' },
          regex: { type: 'boolean', description: 'treat text as a regular expression' },
          max_results: { type: 'integer', minimum: 1, maximum: 1000, description: 'default 100' },
        },
        additionalProperties: false,
      },
      run: (a) => search(opts, String(a.glob ?? '**/*'), a.text as string | undefined, Boolean(a.regex), Number(a.max_results ?? 100), maxRead),
    },
    {
      name: 'file_write',
      description: 'Create or replace a text file in the workspace (atomic; the user sees the diff first).',
      readOnly: false,
      inputSchema: { type: 'object', properties: { path: str('path relative to the workspace root'), content: { type: 'string' } }, required: ['path', 'content'], additionalProperties: false },
      preview: (a) => wsWrite.preview(String(a.path), String(a.content)),
      run: (a) => wsWrite.run(String(a.path), String(a.content)),
    },
    {
      name: 'write_stack_file',
      description: 'Create or replace a stack manifest, by its path relative to the stacks base path.',
      readOnly: false,
      inputSchema: { type: 'object', properties: { path: str('path relative to the stacks folder'), content: { type: 'string' } }, required: ['path', 'content'], additionalProperties: false },
      preview: (a) => stackWrite.preview(String(a.path), String(a.content)),
      run: (a) => stackWrite.run(String(a.path), String(a.content)),
    },
    {
      name: 'write_component_file',
      description: "Create or replace a file in a component's source folder.",
      readOnly: false,
      inputSchema: { type: 'object', properties: { ...componentArgs, content: { type: 'string' } }, required: ['component', 'file', 'content'], additionalProperties: false },
      preview: async (a) => {
        const dir = componentPath(a);
        return typeof dir !== 'string' ? { summary: dir.content } : write(dir).preview(String(a.file), String(a.content));
      },
      run: async (a) => {
        const dir = componentPath(a);
        return typeof dir !== 'string' ? dir : write(dir).run(String(a.file), String(a.content));
      },
    },
  ];
}

async function search(opts: FileToolOptions, pattern: string, text: string | undefined, regex: boolean, max: number, maxRead: number): Promise<ToolOutput> {
  let matcher: ((line: string) => boolean) | undefined;
  if (text !== undefined && text !== '') {
    if (regex) {
      let re: RegExp;
      try {
        re = new RegExp(text);
      } catch (err) {
        return { content: `invalid regular expression: ${(err as Error).message}`, isError: true };
      }
      matcher = (line) => re.test(line);
    } else matcher = (line) => line.includes(text);
  }
  const files = (await glob(pattern, { cwd: opts.root, ignore: SKIP_DIRS, dot: true, onlyFiles: true, followSymbolicLinks: false })).sort();
  const hits: string[] = [];
  let more = false;
  for (const file of files) {
    if (!opts.guard.isVisible(file)) continue;
    if (!matcher) {
      if (hits.length >= max) {
        more = true;
        break;
      }
      hits.push(file);
      continue;
    }
    const checked = await opts.guard.check(file);
    if (!checked.ok) continue;
    const info = await stat(checked.absolute).catch(() => undefined);
    if (!info || info.size > maxRead) continue;
    const buffer = await readFile(checked.absolute);
    if (buffer.includes(0)) continue;
    const lines = buffer.toString('utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!matcher(lines[i])) continue;
      if (hits.length >= max) {
        more = true;
        break;
      }
      hits.push(`${file}:${i + 1}: ${lines[i].trim().slice(0, 200)}`);
    }
    if (more) break;
  }
  if (hits.length === 0) return { content: 'no matches' };
  return { content: hits.join('\n') + (more ? `\n[more results: stopped at ${max}; narrow the glob or text]` : '') };
}
