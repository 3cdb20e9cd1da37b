import assert from 'node:assert/strict';
import type { Command } from 'commander';
import { buildProgram, leafCommandUsages } from '../../src/cli/program';

/** The command-line contract from design.md: every command must be registered. */
const contract = [
  'describe component',
  'describe stacks',
  'describe config',
  'list stacks',
  'list components',
  'validate stacks',
  'where',
  'mcp',
  'ask',
  'sessions list',
  'sessions show',
  'sessions rename',
  'sessions delete',
  'sessions search',
  'sessions export',
  'sessions import',
  'memory init',
  'memory show',
  'memory update',
  'agent list',
  'agent info',
  'agent install',
  'agent update',
  'agent uninstall',
];

describe('atmos-ai command tree', () => {
  it('registers every command of the contract', () => {
    const usages = leafCommandUsages(buildProgram('1.2.3'));
    for (const command of contract) {
      assert.ok(
        usages.some((u) => u === command || u.startsWith(`${command} `)),
        `missing command '${command}' in:\n${usages.join('\n')}`,
      );
    }
  });

  it('lists every command in --help', () => {
    const program = buildProgram('1.2.3');
    let help = '';
    program.configureOutput({ writeOut: (s) => (help += s), writeErr: (s) => (help += s) });
    assert.throws(() => program.parse(['node', 'atmos-ai', '--help']), { code: 'commander.helpDisplayed' });
    for (const command of contract) assert.match(help, new RegExp(`^  ${command}\\b`, 'm'));
  });

  it('reports usage errors through commander with a non-zero exit code', () => {
    const program = buildProgram('1.2.3');
    const silence = (c: Command): void => {
      c.configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
      c.commands.forEach(silence);
    };
    silence(program);
    assert.throws(
      () => program.parse(['node', 'atmos-ai', 'describe', 'component', 'vpc']),
      (err: { code?: string; exitCode?: number }) => err.code === 'commander.missingMandatoryOptionValue' && err.exitCode !== 0,
    );
  });
});
