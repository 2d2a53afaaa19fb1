import { AssemblyStack } from './assembly';
import { stackDependencies } from './contracts';
import { deployStacks, DeployOptions } from './deploy';
import { StackDeployResult } from './deploy-stack';

/**
 * Resource types the local emulator (moto server) cannot create through CloudFormation: moto
 * skips them with a warning and resolves their `Ref` to nothing, so a stack that holds one would
 * deploy "successfully" without them, or fail late on a `Fn::GetAtt`.
 */
const NOT_HELD: readonly { readonly holds: (resource: TemplateResource) => boolean; readonly why: string }[] = [
  { holds: (r) => r.Type.startsWith('AWS::Cognito::'), why: 'moto creates no Cognito resources through CloudFormation' },
  {
    // moto/kms/models.py reads CloudFormation tags as TagKey/TagValue (the KMS API's shape), not
    // Key/Value, and fails the whole stack with "'TagKey'"; every resource here carries tags.
    holds: (r) => r.Type === 'AWS::KMS::Key' && Array.isArray(r.Properties?.Tags) && r.Properties!.Tags.length > 0,
    why: 'moto cannot create a tagged KMS key through CloudFormation',
  },
];

interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, any>;
}

export interface LocalPlan {
  /** Stacks the emulator can hold, in the input order. */
  readonly held: AssemblyStack[];
  /** Stacks it cannot hold, each with the reason. */
  readonly notHeld: { readonly stackName: string; readonly reason: string }[];
}

/**
 * Splits the stacks into those the emulator can hold and those it cannot: a stack that holds an
 * unsupported resource, and every stack that imports from one (its imports would not resolve).
 */
export function planLocal(stacks: AssemblyStack[]): LocalPlan {
  const reasons = new Map<string, string>();
  for (const stack of stacks) {
    const found = (Object.values(stack.template.Resources ?? {}) as TemplateResource[])
      .map((r) => ({ type: r.Type, rule: NOT_HELD.find((n) => n.holds(r)) }))
      .filter((f) => f.rule);
    if (found.length) {
      const rule = found[0].rule!;
      const types = [...new Set(found.filter((f) => f.rule === rule).map((f) => f.type))].sort();
      reasons.set(stack.stackName, `${rule.why} (${types.join(', ')})`);
    }
  }
  const deps = stackDependencies(stacks);
  let changed = true;
  while (changed) {
    changed = false;
    for (const stack of stacks) {
      if (reasons.has(stack.stackName)) continue;
      const blocked = [...deps.get(stack.stackName)!].find((d) => reasons.has(d));
      if (blocked) {
        reasons.set(stack.stackName, `imports exports of ${blocked}, which the emulator cannot hold`);
        changed = true;
      }
    }
  }
  return {
    held: stacks.filter((s) => !reasons.has(s.stackName)),
    notHeld: stacks.filter((s) => reasons.has(s.stackName)).map((s) => ({ stackName: s.stackName, reason: reasons.get(s.stackName)! })),
  };
}

/**
 * Deploys to the local emulator every stack it can hold, with CreateStack/UpdateStack (moto's change
 * sets do not register exports), and says up front which stacks it cannot hold and why.
 */
export async function deployLocal(stacks: AssemblyStack[], options: Omit<DeployOptions, 'method'>): Promise<{ plan: LocalPlan; results: StackDeployResult[] }> {
  const plan = planLocal(stacks);
  for (const skipped of plan.notHeld) options.printer.line(`not deployed locally: ${skipped.stackName}: ${skipped.reason}`);
  if (plan.held.length === 0) {
    options.printer.line('no stack can be held by the local emulator');
    return { plan, results: [] };
  }
  const results = await deployStacks(plan.held, { ...options, method: 'direct' });
  return { plan, results };
}
