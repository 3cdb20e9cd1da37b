/**
 * `atmos terraform plan|apply|destroy <component> -s <stack>` through the process-runner port.
 * These are the only tools that change real infrastructure, so apply and destroy are blocked by default
 * (see the atmosAi.tools.blocked setting) and always need an explicit approval otherwise.
 */
import type { ProcessRunner } from '../../process/processRunner';
import type { ToolOutput, ToolSpec } from '../toolSpec';

export interface TerraformToolOptions {
  runner: ProcessRunner;
  /** The Atmos root (where atmos.yaml is). */
  cwd: string;
  /** The atmos binary (default: `atmos` on PATH). */
  atmosBinary?: string;
  env?: NodeJS.ProcessEnv;
  /** Characters of output handed back to the model (the tail). */
  maxOutputChars?: number;
}

const SUBCOMMANDS = {
  plan: { readOnly: true, extra: [] as string[], description: 'Run `atmos terraform plan` for a component in a stack and return the plan output.' },
  apply: { readOnly: false, extra: ['-auto-approve'], description: 'Run `atmos terraform apply` for a component in a stack (changes real infrastructure).' },
  destroy: { readOnly: false, extra: ['-auto-approve'], description: 'Run `atmos terraform destroy` for a component in a stack (destroys real infrastructure).' },
} as const;

export function terraformTools(opts: TerraformToolOptions): ToolSpec[] {
  return (Object.keys(SUBCOMMANDS) as (keyof typeof SUBCOMMANDS)[]).map((sub) => {
    const spec = SUBCOMMANDS[sub];
    const args = (a: Record<string, unknown>) => ['terraform', sub, String(a.component), '-s', String(a.stack), ...spec.extra];
    return {
      name: `atmos_terraform_${sub}`,
      description: spec.description,
      // A plan writes nothing to infrastructure, but it runs providers and reads state: never treated as read-only.
      readOnly: false,
      inputSchema: {
        type: 'object',
        properties: { component: { type: 'string', minLength: 1, pattern: '^[^-\\s][^\\s]*$' }, stack: { type: 'string', minLength: 1, pattern: '^[^-\\s][^\\s]*$' } },
        required: ['component', 'stack'],
        additionalProperties: false,
      },
      atmosCommand: (a) => `atmos ${args(a).join(' ')}`,
      run: async (a, ctx): Promise<ToolOutput> => {
        const binary = opts.atmosBinary ?? (await opts.runner.which('atmos'));
        if (!binary) {
          return { content: 'The atmos CLI is not on PATH, so Terraform cannot run. Install Atmos (https://atmos.tools/install) and Terraform or OpenTofu, then try again.', isError: true };
        }
        let result;
        try {
          result = await opts.runner.run(binary, args(a), { cwd: opts.cwd, env: opts.env, signal: ctx.signal });
        } catch (err) {
          return { content: `Could not start ${binary}: ${(err as Error).message}`, isError: true };
        }
        if (result.stopped === 'cancelled') return { content: `atmos terraform ${sub} was cancelled and its processes stopped.`, isError: true };
        const output = `${result.stdout}${result.stderr ? `\n${result.stderr}` : ''}`.trim();
        const max = opts.maxOutputChars ?? 40_000;
        const tail = output.length > max ? `[first ${output.length - max} characters cut]\n${output.slice(-max)}` : output;
        const missingTerraform = /executable file not found|terraform: not found|tofu: not found/i.test(output);
        const hint = missingTerraform ? '\nTerraform (or OpenTofu) is not installed or not on PATH; install it and try again.' : '';
        return { content: `exit code ${result.exitCode ?? result.signal}\n${tail}${hint}`, isError: result.exitCode !== 0 };
      },
    };
  });
}
