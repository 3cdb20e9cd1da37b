/**
 * The read-only Atmos tools offered to Copilot as VS Code Language Model Tools. VS Code needs each one declared
 * statically in package.json (`contributes.languageModelTools`); this builds those entries from the same
 * ToolSpecs the chat uses, and a unit test keeps package.json in step (`npm run sync:lm-tools` rewrites it).
 */
import type { ToolSpec } from '../toolSpec';

export const LM_TOOL_NAMES = [
  'atmos_describe_component',
  'atmos_describe_stacks',
  'atmos_list_stacks',
  'atmos_list_components',
  'atmos_validate_stacks',
  'atmos_where',
  'atmos_describe_dependents',
  'atmos_describe_affected',
] as const;

const DISPLAY: Record<(typeof LM_TOOL_NAMES)[number], { displayName: string; reference: string }> = {
  atmos_describe_component: { displayName: 'Atmos: Describe Component', reference: 'atmosDescribe' },
  atmos_describe_stacks: { displayName: 'Atmos: Describe Stacks', reference: 'atmosStacks' },
  atmos_list_stacks: { displayName: 'Atmos: List Stacks', reference: 'atmosListStacks' },
  atmos_list_components: { displayName: 'Atmos: List Components', reference: 'atmosListComponents' },
  atmos_validate_stacks: { displayName: 'Atmos: Validate Stacks', reference: 'atmosValidate' },
  atmos_where: { displayName: 'Atmos: Where Is This Set', reference: 'atmosWhere' },
  atmos_describe_dependents: { displayName: 'Atmos: Dependents', reference: 'atmosDependents' },
  atmos_describe_affected: { displayName: 'Atmos: Affected', reference: 'atmosAffected' },
};

export interface LmToolContribution {
  name: string;
  displayName: string;
  toolReferenceName: string;
  canBeReferencedInPrompt: boolean;
  icon: string;
  tags: string[];
  modelDescription: string;
  userDescription: string;
  inputSchema: Record<string, unknown>;
}

export function languageModelToolContributions(specs: readonly ToolSpec[]): LmToolContribution[] {
  return LM_TOOL_NAMES.map((name) => {
    const spec = specs.find((s) => s.name === name);
    if (!spec) throw new Error(`no tool spec for ${name}`);
    if (!spec.readOnly) throw new Error(`${name} is not read-only; only read-only tools go to Copilot`);
    return {
      name,
      displayName: DISPLAY[name].displayName,
      toolReferenceName: DISPLAY[name].reference,
      canBeReferencedInPrompt: true,
      icon: '$(layers)',
      tags: ['atmos', 'terraform', 'infrastructure'],
      modelDescription: spec.description,
      userDescription: spec.description,
      inputSchema: spec.inputSchema,
    };
  });
}
