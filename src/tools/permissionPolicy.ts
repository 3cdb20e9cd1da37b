/**
 * The one function that decides whether a tool call may run: allow, ask the user, or deny.
 *
 * Order (first match wins): blocked → the agent's tool scope → YOLO → "always allowed" memory →
 * allowed globs → restricted globs → ask when confirmation is required, else allow.
 * Blocked wins even over YOLO; an agent can never reach outside its scope, even in YOLO.
 */
import picomatch from 'picomatch';

export type Decision = 'allow' | 'ask' | 'deny';

export type Rule =
  | 'blocked'
  | 'agent_scope'
  | 'yolo'
  | 'always_allowed'
  | 'allowed'
  | 'restricted'
  | 'require_confirmation'
  | 'no_confirmation_required';

/** Where a pattern came from, so the user is told which setting decided. */
export type PatternSource = 'settings' | 'atmos.yaml' | 'agent';

export interface SourcedPattern {
  pattern: string;
  source: PatternSource;
}

export interface ToolPolicy {
  allowed: SourcedPattern[];
  restricted: SourcedPattern[];
  blocked: SourcedPattern[];
  yolo: boolean;
  requireConfirmation: boolean;
}

export interface AgentScope {
  name: string;
  /** Glob patterns of the tools this agent may use; `undefined` means every tool. */
  tools?: readonly string[];
}

/** Remembered "Allow always" answers (per workspace). */
export interface AlwaysAllowed {
  has(tool: string): boolean;
}

export interface PolicyDecision {
  decision: Decision;
  rule: Rule;
  /** The pattern that matched, when a pattern decided. */
  matched?: SourcedPattern;
  /** One sentence for the user and the audit log. */
  reason: string;
}

export function decide(tool: string, agent: AgentScope, policy: ToolPolicy, always: AlwaysAllowed): PolicyDecision {
  const blocked = firstMatch(tool, policy.blocked);
  if (blocked) {
    return { decision: 'deny', rule: 'blocked', matched: blocked, reason: `${tool} is blocked by '${blocked.pattern}' (${blocked.source})` };
  }
  if (agent.tools && !agent.tools.some((p) => matches(tool, p))) {
    return { decision: 'deny', rule: 'agent_scope', reason: `${tool} is outside the ${agent.name} agent's tools` };
  }
  if (policy.yolo) {
    return { decision: 'allow', rule: 'yolo', reason: `YOLO mode allows ${tool}` };
  }
  if (always.has(tool)) {
    return { decision: 'allow', rule: 'always_allowed', reason: `${tool} was allowed always in this workspace` };
  }
  const allowed = firstMatch(tool, policy.allowed);
  if (allowed) {
    return { decision: 'allow', rule: 'allowed', matched: allowed, reason: `${tool} is allowed by '${allowed.pattern}' (${allowed.source})` };
  }
  const restricted = firstMatch(tool, policy.restricted);
  if (restricted) {
    return { decision: 'ask', rule: 'restricted', matched: restricted, reason: `${tool} is restricted by '${restricted.pattern}' (${restricted.source})` };
  }
  if (policy.requireConfirmation) {
    return { decision: 'ask', rule: 'require_confirmation', reason: `${tool} needs confirmation` };
  }
  return { decision: 'allow', rule: 'no_confirmation_required', reason: `${tool} runs without confirmation (require_confirmation is off)` };
}

const matcherCache = new Map<string, (name: string) => boolean>();

/** Full glob syntax on tool names (`atmos_*`, `*_{read,search}`, `server__*`), not only a trailing `*`. */
export function matches(tool: string, pattern: string): boolean {
  let matcher = matcherCache.get(pattern);
  if (!matcher) {
    matcher = picomatch(pattern, { dot: true, nocase: false });
    matcherCache.set(pattern, matcher);
  }
  return matcher(tool);
}

function firstMatch(tool: string, patterns: readonly SourcedPattern[]): SourcedPattern | undefined {
  return patterns.find((p) => matches(tool, p.pattern));
}
