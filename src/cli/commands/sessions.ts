import type { Command } from 'commander';
import { notImplemented } from '../errors';

export function registerSessions(program: Command): void {
  const sessions = program.command('sessions').description('saved chat sessions');
  sessions.command('list').description('sessions, most recent first').action(() => notImplemented('sessions list'));
  sessions.command('show <id>').description('print a session').action(() => notImplemented('sessions show'));
  sessions.command('rename <id> <name>').description('rename a session').action(() => notImplemented('sessions rename'));
  sessions.command('delete <id>').description('delete a session').action(() => notImplemented('sessions delete'));
  sessions.command('search <text>').description('full-text search over messages').action(() => notImplemented('sessions search'));
  sessions
    .command('export <id>')
    .description('export a session')
    .option('--format <format>', 'json | yaml | md', 'json')
    .action(() => notImplemented('sessions export'));
  sessions.command('import <file>').description('import an exported session').action(() => notImplemented('sessions import'));
}
