/**
 * ATMOS.md as sections: `## Title` headings split the file. Updating one section replaces only its body and
 * keeps the rest byte for byte, so the user's own edits survive "init" and `memory update`.
 */

export interface MemorySection {
  title: string;
  body: string;
}

export interface ParsedMemory {
  /** Everything before the first `## ` heading. */
  preamble: string;
  sections: MemorySection[];
}

const HEADING = /^## +(.+?)\s*$/;

export function parseMemory(text: string): ParsedMemory {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const preamble: string[] = [];
  const sections: MemorySection[] = [];
  let fence = false;
  for (const line of lines) {
    if (/^\s*(```|~~~)/.test(line)) fence = !fence;
    const heading = fence ? null : HEADING.exec(line);
    if (heading) sections.push({ title: heading[1], body: '' });
    else if (sections.length === 0) preamble.push(line);
    else {
      const current = sections[sections.length - 1];
      current.body += (current.body === '' ? '' : '\n') + line;
    }
  }
  return { preamble: preamble.join('\n'), sections };
}

export function renderMemory(memory: ParsedMemory): string {
  const parts = [memory.preamble, ...memory.sections.map((s) => `## ${s.title}\n${s.body}`)];
  return parts.join('\n');
}

/** Finds a section by title, case- and space-insensitively ("stack naming" finds "Stack naming"). */
export function findSection(memory: ParsedMemory, title: string): MemorySection | undefined {
  const key = normalise(title);
  return memory.sections.find((s) => normalise(s.title) === key);
}

/** Replaces one section's body (adding the section at the end when missing). */
export function updateSection(text: string, title: string, body: string): string {
  const memory = parseMemory(text);
  const section = findSection(memory, title);
  const cleanBody = `${body.trim()}\n`;
  if (section) section.body = cleanBody;
  else {
    const last = memory.sections[memory.sections.length - 1];
    if (last && !last.body.endsWith('\n')) last.body += '\n';
    memory.sections.push({ title: title.trim(), body: cleanBody });
  }
  return renderMemory(memory);
}

function normalise(title: string): string {
  return title.toLowerCase().replace(/[\s_-]+/g, ' ').trim();
}
