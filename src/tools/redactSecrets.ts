/**
 * Removes secrets from values before they are written anywhere (audit log, sessions, logs, webview).
 * Two nets: keys whose name says "secret" (api_key, token, password…) and values that look like
 * well-known credential formats, wherever they appear inside a string.
 */

export const REDACTED = '[REDACTED]';

const secretKey = /(^|[_-])(api[_-]?key|apikey|token|secret|password|passwd|pwd|credential|credentials|private[_-]?key|access[_-]?key|session[_-]?key|auth|authorization|bearer|client[_-]?secret)([_-]|$)/i;

/**
 * Credential formats with a recognisable shape; each is replaced inside larger strings too.
 * Where a pattern has a capture group, that group (a label such as "Bearer ") is kept.
 */
const secretValues: RegExp[] = [
  /\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{16,}/g, // Anthropic / OpenAI
  /\bxai-[A-Za-z0-9]{20,}/g, // xAI
  /\bAIza[0-9A-Za-z_-]{30,}/g, // Google API keys
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, // AWS access key ids
  /\bgh[pousr]_[A-Za-z0-9]{30,}/g, // GitHub tokens
  /\bgithub_pat_[A-Za-z0-9_]{40,}/g,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/g, // Slack
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, // JWTs
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
  /\b((?:Bearer|Basic)\s+)[A-Za-z0-9._~+/=-]{12,}/gi,
  /\b(aws_secret_access_key\s*[=:]\s*)[A-Za-z0-9/+=]{40}/gi,
  // A bare AWS secret access key: 40 base64 characters mixing cases and digits (git SHAs are lower-case hex).
  /(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]*[A-Z])(?=[A-Za-z0-9/+]*[a-z])(?=[A-Za-z0-9/+]*[0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g,
];

export function redactString(text: string): string {
  let out = text;
  for (const pattern of secretValues) {
    out = out.replace(pattern, (_match, label: unknown) => (typeof label === 'string' ? `${label}${REDACTED}` : REDACTED));
  }
  return out;
}

/** A deep copy of `value` with secrets replaced; cycles and non-plain objects are handled. */
export function redactSecrets(value: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactString(value);
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, seen));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = secretKey.test(key) && v !== null && v !== '' && typeof v !== 'boolean' ? REDACTED : redactSecrets(v, seen);
  }
  return out;
}
