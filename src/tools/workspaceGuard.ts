/**
 * Confines file tools to the workspace. A path is accepted only when, after resolving symlinks,
 * it lies inside the workspace root, is not hidden by `.atmosignore` (gitignore syntax), and is not a
 * secret-looking file (.env, keys, Terraform state) unless the caller explicitly allows secrets.
 */
import { realpath } from 'node:fs/promises';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';

export type GuardResult =
  | { ok: true; absolute: string; relative: string }
  | { ok: false; reason: 'outside_workspace' | 'ignored' | 'secret' | 'invalid'; message: string };

/** Files that hold secrets or state; refused by default. Matched with gitignore semantics. */
export const SECRET_FILE_PATTERNS = [
  '.env',
  '.env.*',
  '!.env.example',
  '!.env.sample',
  '*.pem',
  '*.key',
  '*.p12',
  '*.pfx',
  '*.tfstate',
  '*.tfstate.*',
  '*.tfvars.json.secret',
  'id_rsa*',
  'id_ed25519*',
  '.aws/credentials',
  '.netrc',
  '.terraform/',
];

export class WorkspaceGuard {
  private readonly secrets: Ignore = ignore().add(SECRET_FILE_PATTERNS);
  private rootReal: string | undefined;

  /**
   * @param root the workspace root
   * @param atmosignore the text of `.atmosignore` (gitignore syntax), or '' when there is none
   */
  constructor(
    private readonly root: string,
    private readonly atmosignore: Ignore = ignore(),
  ) {}

  static fromIgnoreText(root: string, atmosignoreText: string): WorkspaceGuard {
    return new WorkspaceGuard(root, ignore().add(atmosignoreText));
  }

  /** Checks a path a tool was given (relative to the root, or absolute inside it). */
  async check(requested: string, options: { allowSecrets?: boolean } = {}): Promise<GuardResult> {
    if (typeof requested !== 'string' || requested.trim() === '' || requested.includes('\0')) {
      return { ok: false, reason: 'invalid', message: 'a file path is required' };
    }
    const rootReal = await this.realRoot();
    const lexical = path.resolve(this.root, requested);
    if (!isInside(path.resolve(this.root), lexical) && !isInside(rootReal, lexical)) {
      return { ok: false, reason: 'outside_workspace', message: `${requested} is outside the workspace` };
    }
    const real = await realpathOfNearestExisting(lexical);
    if (!isInside(rootReal, real)) {
      return { ok: false, reason: 'outside_workspace', message: `${requested} resolves outside the workspace (through a symbolic link)` };
    }
    const relative = path.relative(rootReal, real).split(path.sep).join('/');
    if (relative === '') return { ok: true, absolute: real, relative: '.' };
    if (this.atmosignore.ignores(relative)) {
      return { ok: false, reason: 'ignored', message: `${requested} is hidden by .atmosignore` };
    }
    if (!options.allowSecrets && this.secrets.ignores(relative)) {
      return { ok: false, reason: 'secret', message: `${requested} looks like a secret or state file and is not read or written by tools` };
    }
    return { ok: true, absolute: real, relative };
  }

  /** Whether a workspace-relative path (forward slashes) is visible to tools; for listings and search. */
  isVisible(relative: string): boolean {
    return relative !== '' && !this.atmosignore.ignores(relative) && !this.secrets.ignores(relative);
  }

  private async realRoot(): Promise<string> {
    this.rootReal ??= await realpath(this.root);
    return this.rootReal;
  }
}

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** realpath of the path, or of its nearest existing ancestor joined with the rest (for files to create). */
async function realpathOfNearestExisting(p: string): Promise<string> {
  const rest: string[] = [];
  let current = p;
  for (;;) {
    try {
      return path.join(await realpath(current), ...rest.reverse());
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw err;
      const parent = path.dirname(current);
      if (parent === current) return p;
      rest.push(path.basename(current));
      current = parent;
    }
  }
}
