import type { Command } from 'commander';
import { notImplemented } from '../errors';

export function registerDescribe(program: Command): void {
  const describe = program.command('describe').description('show the resolved configuration of components, stacks or atmos.yaml');
  describe
    .command('component <component>')
    .description('the fully merged configuration of a component in a stack')
    .requiredOption('-s, --stack <stack>', 'the stack')
    .option('--format <format>', 'yaml or json', 'yaml')
    .option('--provenance', 'annotate every value with the file:line that set it')
    .option('--sections <sections>', 'comma-separated sections to print')
    .action(() => notImplemented('describe component'));
  describe
    .command('stacks')
    .description('every stack with its components')
    .option('-s, --stack <stack>', 'only this stack')
    .option('--components <components>', 'comma-separated components')
    .option('--component-types <types>', 'comma-separated component types (terraform,helmfile,packer)')
    .option('--sections <sections>', 'comma-separated sections to print')
    .option('--format <format>', 'yaml or json', 'yaml')
    .action(() => notImplemented('describe stacks'));
  describe
    .command('config')
    .description('the resolved atmos.yaml')
    .option('--format <format>', 'yaml or json', 'yaml')
    .action(() => notImplemented('describe config'));
}
