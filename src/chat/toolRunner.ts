/**
 * Runs one tool call the model asked for: check the arguments, ask the permission policy, ask the user when
 * the policy says so, run with a timeout, cap the output, audit. Every step is reported as an event.
 */
import type { ToolUseBlock } from '../providers/types';
import type { AuditEntry } from '../tools/auditLog';
import { decide, type AgentScope, type AlwaysAllowed, type ToolPolicy } from '../tools/permissionPolicy';
import type { ToolRegistry } from '../tools/toolRegistry';
import type { ToolContext } from '../tools/toolSpec';
import type { ApprovalAnswer, ApprovalRequest, ChatEvent, ToolOutcome } from './chatEvents';

export interface ApprovalPort {
  /** Asks the user; rejects or answers 'deny' when the turn is cancelled meanwhile. */
  request(request: ApprovalRequest, signal: AbortSignal): Promise<ApprovalAnswer>;
}

export interface AuditSink {
  record(entry: Omit<AuditEntry, 'time'>): Promise<void>;
}

export interface ToolRunnerDeps {
  registry: ToolRegistry;
  policy: ToolPolicy;
  agent: AgentScope;
  always: AlwaysAllowed;
  /** Stores an "Allow always" answer (per workspace). */
  rememberAlways(tool: string): Promise<void>;
  approvals: ApprovalPort;
  audit?: AuditSink;
  client: string;
  session?: string;
  timeoutMs: number;
  maxOutputChars: number;
  now?: () => number;
}

export interface ToolRunResult {
  callId: string;
  content: string;
  isError: boolean;
}

export async function runToolCall(call: ToolUseBlock, deps: ToolRunnerDeps, signal: AbortSignal, emit: (e: ChatEvent) => void): Promise<ToolRunResult> {
  const now = deps.now ?? Date.now;
  const started = now();
  const spec = deps.registry.get(call.name);
  const finish = (content: string, outcome: ToolOutcome, decisionRule: AuditEntry['rule'], decision: AuditEntry['decision'], truncated = false): ToolRunResult => {
    const isError = outcome !== 'success';
    const durationMs = now() - started;
    emit({ type: 'tool_result', callId: call.id, tool: call.name, content, isError, outcome, durationMs, truncated });
    void deps.audit
      ?.record({
        client: deps.client,
        session: deps.session,
        agent: deps.agent.name,
        tool: call.name,
        args: call.input,
        decision,
        rule: decisionRule,
        durationMs,
        outcome: outcome === 'invalid' ? 'error' : outcome,
        resultBytes: Buffer.byteLength(content),
      })
      .catch(() => undefined); // an audit failure must not break the conversation; the host logs it
    return { callId: call.id, content, isError };
  };

  const atmosCommand = spec?.atmosCommand?.(call.input);
  emit({ type: 'tool_call', callId: call.id, tool: call.name, args: call.input, atmosCommand });

  const verdict = decide(call.name, deps.agent, deps.policy, deps.always);
  emit({ type: 'tool_decision', callId: call.id, decision: verdict.decision, rule: verdict.rule, reason: verdict.reason });
  if (verdict.decision === 'deny') return finish(`Refused: ${verdict.reason}.`, 'denied', verdict.rule, 'deny');
  if (!spec) return finish(`Unknown tool '${call.name}'.`, 'invalid', verdict.rule, verdict.decision);

  const checked = deps.registry.validate(call.name, call.input);
  if (!checked.ok) return finish(checked.message, 'invalid', verdict.rule, verdict.decision);
  const ctx: ToolContext = { signal, client: deps.client, session: deps.session, agent: deps.agent.name };

  let rule: AuditEntry['rule'] = verdict.rule;
  if (verdict.decision === 'ask') {
    const preview = await spec.preview?.(checked.args, ctx).catch(() => undefined);
    const request: ApprovalRequest = { callId: call.id, tool: call.name, args: checked.args, atmosCommand, reason: verdict.reason, preview };
    emit({ type: 'approval_request', request });
    let answer: ApprovalAnswer;
    try {
      answer = signal.aborted ? 'deny' : await deps.approvals.request(request, signal);
    } catch {
      answer = 'deny';
    }
    emit({ type: 'approval_answer', callId: call.id, answer });
    if (signal.aborted) return finish('Cancelled before the tool ran.', 'cancelled', 'user_denied', 'ask');
    if (answer === 'deny') return finish('The user denied this tool call. Do not retry it; ask the user how to proceed.', 'denied', 'user_denied', 'ask');
    if (answer === 'allow_always') await deps.rememberAlways(call.name);
    rule = answer === 'allow_always' ? 'user_allowed_always' : 'user_allowed';
  }

  const run = await runWithTimeout((s) => spec.run(checked.args, { ...ctx, signal: s }), signal, deps.timeoutMs);
  if (run.kind === 'cancelled') return finish('Cancelled while the tool was running.', 'cancelled', rule, 'allow');
  if (run.kind === 'timeout') return finish(`The tool did not finish within ${Math.round(deps.timeoutMs / 1000)} s and was stopped.`, 'timeout', rule, 'allow');
  if (run.kind === 'failed') return finish(`The tool failed: ${run.message}`, 'error', rule, 'allow');
  const { text, truncated } = capOutput(run.output.content, deps.maxOutputChars);
  return finish(text, run.output.isError ? 'error' : 'success', rule, 'allow', truncated);
}

type RunOutcome = { kind: 'ok'; output: { content: string; isError?: boolean } } | { kind: 'timeout' } | { kind: 'cancelled' } | { kind: 'failed'; message: string };

async function runWithTimeout(run: (signal: AbortSignal) => Promise<{ content: string; isError?: boolean }>, outer: AbortSignal, timeoutMs: number): Promise<RunOutcome> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const onAbort = () => controller.abort();
  outer.addEventListener('abort', onAbort, { once: true });
  try {
    const stopped = new Promise<RunOutcome>((resolve) => {
      timer = setTimeout(() => {
        controller.abort();
        resolve({ kind: 'timeout' });
      }, timeoutMs);
      controller.signal.addEventListener('abort', () => resolve(outer.aborted ? { kind: 'cancelled' } : { kind: 'timeout' }), { once: true });
    });
    const ran = run(controller.signal).then(
      (output): RunOutcome => ({ kind: 'ok', output }),
      (err: unknown): RunOutcome => ({ kind: 'failed', message: err instanceof Error ? err.message : String(err) }),
    );
    return await Promise.race([ran, stopped]);
  } finally {
    clearTimeout(timer);
    outer.removeEventListener('abort', onAbort);
  }
}

/** Keeps the head of a long result and says what was cut, so the model can ask for less. */
export function capOutput(text: string, maxChars: number): { text: string; truncated: boolean } {
  if (text.length <= maxChars) return { text, truncated: false };
  return {
    text: `${text.slice(0, maxChars)}\n\n[output truncated: showed ${maxChars} of ${text.length} characters. Ask for less: one component, a --sections filter, or a narrower path.]`,
    truncated: true,
  };
}
