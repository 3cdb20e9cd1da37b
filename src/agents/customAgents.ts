/**
 * Custom agents: `.atmos/agents/<name>/.agent.yaml` + `prompt.md` in the workspace, the same under `~/.atmos/agents/`,
 * and upstream Atmos `SKILL.md` skills (front matter: name, description, allowed-tools) imported as agents.
 * Invalid definitions are reported with file:line:col and skipped; they never stop the others from loading.
 */
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import Ajv from 'ajv';
import { LineCounter, parse as parseYaml, parseDocument } from 'yaml';
import type { Agent, AgentProblem } from './agent';
import { agentFileSchema, type AgentFile } from './agentFileSchema';
import { locatePointer } from './yamlLocation';

const ajv = new Ajv({ allErrors: true });
const validateAgentFile = ajv.compile<AgentFile>(agentFileSchema);

export interface LoadedAgents {
  agents: Agent[];
  problems: AgentProblem[];
}

/** Loads every agent folder under `dir` (each holding `.agent.yaml` or `SKILL.md`). A missing dir is empty. */
export async function loadAgentsFrom(dir: string, origin: 'workspace' | 'user'): Promise<LoadedAgents> {
  let entries: string[];
  try {
    entries = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { agents: [], problems: [] };
    throw err;
  }
  const result: LoadedAgents = { agents: [], problems: [] };
  for (const name of entries) {
    const folder = path.join(dir, name);
    const loaded = (await loadAgentFolder(folder, origin)) ?? { problems: [{ file: folder, line: 1, col: 1, message: 'no .agent.yaml or SKILL.md in this agent folder' }] };
    if ('agent' in loaded && loaded.agent) result.agents.push(loaded.agent);
    result.problems.push(...loaded.problems);
  }
  return result;
}

/** One agent folder; undefined when it holds neither `.agent.yaml` nor `SKILL.md`. */
export async function loadAgentFolder(folder: string, origin: 'workspace' | 'user'): Promise<{ agent?: Agent; problems: AgentProblem[] } | undefined> {
  const agentYaml = path.join(folder, '.agent.yaml');
  const text = await readOptional(agentYaml);
  if (text !== undefined) return parseAgentYaml(agentYaml, text, origin);
  const skillFile = path.join(folder, 'SKILL.md');
  const skill = await readOptional(skillFile);
  if (skill !== undefined) return parseSkill(skillFile, skill, origin);
  return undefined;
}

async function parseAgentYaml(file: string, text: string, origin: 'workspace' | 'user'): Promise<{ agent?: Agent; problems: AgentProblem[] }> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((e) => {
        const pos = lines.linePos(e.pos[0]);
        return { file, line: pos.line, col: pos.col, message: e.message.split('\n')[0] };
      }),
    };
  }
  const data = doc.toJS() as unknown;
  if (!validateAgentFile(data)) {
    return {
      problems: (validateAgentFile.errors ?? []).map((e) => {
        const extra = e.keyword === 'additionalProperties' ? `/${(e.params as { additionalProperty: string }).additionalProperty}` : '';
        const pos = locatePointer(doc, lines, e.instancePath + extra);
        const where = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : '.agent.yaml';
        const detail = e.keyword === 'additionalProperties' ? `unknown key '${(e.params as { additionalProperty: string }).additionalProperty}'` : e.keyword === 'not' ? "use either 'tools' or 'allowed_tools', not both" : e.message;
        return { file, line: pos.line, col: pos.col, message: `${where}: ${detail}` };
      }),
    };
  }
  let prompt = data.system_prompt;
  if (prompt === undefined) {
    const promptFile = path.resolve(path.dirname(file), data.prompt ?? 'prompt.md');
    if (path.relative(path.dirname(file), promptFile).startsWith('..')) {
      return { problems: [{ file, ...locatePointer(doc, lines, '/prompt'), message: 'prompt: the prompt file must be inside the agent folder' }] };
    }
    prompt = await readOptional(promptFile);
    if (prompt === undefined) {
      return { problems: [{ file, ...locatePointer(doc, lines, data.prompt ? '/prompt' : ''), message: `prompt file ${path.basename(promptFile)} not found` }] };
    }
  }
  return {
    agent: {
      name: data.name,
      displayName: data.display_name ?? data.name,
      description: data.description,
      origin,
      tools: data.tools ?? data.allowed_tools,
      restrictedTools: data.restricted_tools ?? [],
      prompt,
      source: path.dirname(file),
      version: data.version,
      category: data.category,
    },
    problems: [],
  };
}

/** An upstream Atmos / Agent Skills `SKILL.md`: YAML front matter, then the prompt. */
function parseSkill(file: string, text: string, origin: 'workspace' | 'user'): { agent?: Agent; problems: AgentProblem[] } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  if (!match) return { problems: [{ file, line: 1, col: 1, message: 'SKILL.md must start with YAML front matter between --- lines' }] };
  let meta: Record<string, unknown>;
  try {
    meta = (parseYaml(match[1]) ?? {}) as Record<string, unknown>;
  } catch (err) {
    return { problems: [{ file, line: 2, col: 1, message: `front matter: ${(err as Error).message.split('\n')[0]}` }] };
  }
  const name = typeof meta.name === 'string' ? meta.name : path.basename(path.dirname(file));
  const description = typeof meta.description === 'string' ? meta.description : '';
  if (!description) return { problems: [{ file, line: 2, col: 1, message: 'front matter: description is required' }] };
  const allowed = meta['allowed-tools'] ?? meta.allowed_tools;
  const tools = Array.isArray(allowed) ? allowed.map(String) : typeof allowed === 'string' ? allowed.split(/[\s,]+/).filter(Boolean) : undefined;
  return {
    agent: { name, displayName: name, description, origin, tools, restrictedTools: [], prompt: match[2].trim(), source: path.dirname(file) },
    problems: [],
  };
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
