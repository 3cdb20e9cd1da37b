/**
 * Approval answers for `atmos-ai ask`. `ask` prompts on the terminal (never on a pipe: without a TTY the call
 * is denied with a message), `reads` allows read-only tools and denies the rest, `yolo` never gets here
 * except for blocked tools, which the policy already denied.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import * as readline from 'node:readline/promises';
import type { ApprovalAnswer, ApprovalRequest } from '../../chat/chatEvents';
import type { ApprovalPort } from '../../chat/toolRunner';
import type { ToolRegistry } from '../../tools/toolRegistry';

export type ApproveMode = 'ask' | 'reads' | 'yolo';

export function readOnlyApprovals(registry: ToolRegistry, say: (text: string) => void): ApprovalPort {
  return {
    request: async (r) => {
      if (registry.get(r.tool)?.readOnly) return 'allow_once';
      say(`denied ${r.tool}: --approve reads allows only read-only tools\n`);
      return 'deny';
    },
  };
}

export function terminalApprovals(say: (text: string) => void, ttyPath = '/dev/tty'): ApprovalPort {
  return {
    request: async (r: ApprovalRequest, signal: AbortSignal): Promise<ApprovalAnswer> => {
      let input: NodeJS.ReadableStream;
      let output: NodeJS.WritableStream;
      try {
        input = process.stdin.isTTY ? process.stdin : createReadStream(ttyPath);
        output = process.stderr.isTTY ? process.stderr : createWriteStream(ttyPath);
      } catch {
        say(`denied ${r.tool}: no terminal to ask on; use --approve reads or allow it in settings\n`);
        return 'deny';
      }
      const rl = readline.createInterface({ input, output, terminal: true });
      try {
        const lines = [`\n${r.tool} wants to run (${r.reason})`, `  args: ${JSON.stringify(r.args)}`];
        if (r.atmosCommand) lines.push(`  same as: ${r.atmosCommand}`);
        if (r.preview?.diff) lines.push(r.preview.diff);
        output.write(`${lines.join('\n')}\n`);
        const answer = (await rl.question('Allow? [y]es once / [a]lways / [N]o: ', { signal })).trim().toLowerCase();
        return answer === 'y' || answer === 'yes' ? 'allow_once' : answer === 'a' || answer === 'always' ? 'allow_always' : 'deny';
      } catch {
        return 'deny';
      } finally {
        rl.close();
      }
    },
  };
}
