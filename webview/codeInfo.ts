/**
 * A fenced code block's info string → its language and, when the block is a whole file meant for the
 * workspace, the file's path. Models (and people) write the path in one of three ways:
 *   ```yaml path=stacks/catalog/vpc.yaml      (also file=…, title=…, quotes allowed)
 *   ```yaml:stacks/catalog/vpc.yaml
 *   ```stacks/catalog/vpc.yaml                (the language then comes from the extension)
 * Such blocks get "Show diff" and "Apply" (through the host's permission policy).
 */
const EXTENSION_LANGUAGE: Record<string, string> = {
  yaml: 'yaml',
  yml: 'yaml',
  json: 'json',
  tf: 'hcl',
  hcl: 'hcl',
  tfvars: 'hcl',
  sh: 'bash',
  bash: 'bash',
  go: 'go',
  md: 'markdown',
};

/** A relative or absolute file path with an extension, and nothing a shell or URL would add. */
const FILE_PATH = /^(?:\.{0,2}\/)?[\w@.-]+(?:\/[\w@.-]+)*\.[A-Za-z0-9]+$/;

function languageOf(file: string): string {
  const ext = file.slice(file.lastIndexOf('.') + 1).toLowerCase();
  return EXTENSION_LANGUAGE[ext] ?? '';
}

export function parseCodeInfo(info: string | undefined): { language: string; path?: string } {
  const words = (info ?? '').trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { language: '' };
  const [first, ...rest] = words;
  for (const word of rest) {
    const m = /^(?:path|file|title)=["']?([^"']+)["']?$/i.exec(word);
    if (m && FILE_PATH.test(m[1])) return { language: first.toLowerCase(), path: m[1] };
  }
  const colon = first.indexOf(':');
  if (colon > 0 && FILE_PATH.test(first.slice(colon + 1))) return { language: first.slice(0, colon).toLowerCase(), path: first.slice(colon + 1) };
  if (first.includes('/') && FILE_PATH.test(first)) return { language: languageOf(first), path: first };
  return { language: first.toLowerCase() };
}
