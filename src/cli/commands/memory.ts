import type { Command } from 'commander';
import { notImplemented } from '../errors';

export function registerMemory(program: Command): void {
  const memory = program.command('memory').description('ATMOS.md project memory');
  memory.command('init').description('create ATMOS.md from what the engine knows about the repository').action(() => notImplemented('memory init'));
  memory.command('show').description('print ATMOS.md').action(() => notImplemented('memory show'));
  memory.command('update <section> <text>').description('replace one section, keeping the rest').action(() => notImplemented('memory update'));
}
