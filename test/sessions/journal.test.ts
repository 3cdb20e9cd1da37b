import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { defaultDataDir } from '../../src/sessions/dataDir';
import { JournalWriter, encodeEntry, parseJournalName, readJournal, type JournalEntry } from '../../src/sessions/journal';
import type { Mutation } from '../../src/sessions/mutations';

const rename = (name: string): Mutation => ({ op: 'session.update', id: 's', ts: 1, fields: { name } });

describe('sessions: journal', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'atmos-ai-journal-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes numbered, checksummed lines and reads them back', () => {
    const writer = new JournalWriter(dir, '42-abcdef');
    writer.append(rename('a'));
    writer.append(rename('b'));
    writer.close();
    assert.equal(path.basename(writer.file), 'journal-42-abcdef.jsonl');
    assert.deepEqual(parseJournalName('journal-42-abcdef.jsonl'), { writer: '42-abcdef', pid: 42 });
    assert.equal(parseJournalName('sessions.sqlite'), undefined);
    const read = readJournal(writer.file);
    assert.deepEqual(read.entries.map((e) => [e.w, e.s, (e.m as { fields: { name: string } }).fields.name]), [['42-abcdef', 1, 'a'], ['42-abcdef', 2, 'b']]);
    assert.equal(read.end, readFileSync(writer.file).length);
    assert.equal(read.pendingBytes, 0);
    assert.match(readFileSync(writer.file, 'utf8'), /^[0-9a-f]{8} \{/);
  });

  it('reads only complete lines, from an offset, and resumes when the rest arrives', () => {
    const file = path.join(dir, 'journal-1-aa.jsonl');
    const line = (s: number) => encodeEntry({ w: '1-aa', s, m: rename(`n${s}`) } satisfies JournalEntry);
    writeFileSync(file, line(1) + line(2).slice(0, 10));
    const first = readJournal(file);
    assert.equal(first.entries.length, 1);
    assert.equal(first.pendingBytes, 10);
    appendFileSync(file, line(2).slice(10) + line(3));
    const next = readJournal(file, first.end);
    assert.deepEqual(next.entries.map((e) => e.s), [2, 3]);
    assert.deepEqual(next.corrupt, []);
  });

  it('reports damaged lines without losing the ones after them', () => {
    const file = path.join(dir, 'journal-1-aa.jsonl');
    const good = encodeEntry({ w: '1-aa', s: 1, m: rename('x') });
    writeFileSync(file, `${good.replace('"x"', '"y"')}not a journal line\n${good}`);
    const read = readJournal(file);
    assert.deepEqual(read.corrupt.map((c) => c.reason), ['checksum mismatch', 'no checksum']);
    assert.equal(read.corrupt[1].offset, good.length);
    assert.equal(read.entries.length, 1);
  });

  it('reads a missing file as empty', () => {
    assert.deepEqual(readJournal(path.join(dir, 'journal-9-ff.jsonl'), 5), { entries: [], end: 5, corrupt: [], pendingBytes: 0 });
  });
});

describe('sessions: data directory', () => {
  it('prefers ATMOS_AI_DATA_DIR, then XDG_DATA_HOME, then ~/.local/share', () => {
    assert.equal(defaultDataDir({ ATMOS_AI_DATA_DIR: '/data/x', XDG_DATA_HOME: '/xdg' }, 'linux', '/home/u'), '/data/x');
    assert.equal(defaultDataDir({ XDG_DATA_HOME: '/xdg' }, 'linux', '/home/u'), '/xdg/atmos-ai');
    assert.equal(defaultDataDir({}, 'darwin', '/Users/u'), '/Users/u/.local/share/atmos-ai');
    assert.equal(defaultDataDir({ LOCALAPPDATA: 'C:\\L' }, 'win32', 'C:\\U'), path.join('C:\\L', 'atmos-ai'));
  });
});
