import { CfnOutput, CfnParameter, CfnResource, IAspect, Stack } from 'aws-cdk-lib/core';
import { IConstruct } from 'constructs';

/**
 * CloudFormation's per-stack quotas ("AWS CloudFormation quotas", CloudFormation User Guide).
 * A stack over any of them cannot be created: better to refuse at synth than fail at deploy.
 */
export const CLOUDFORMATION_LIMITS = {
  resources: 500,
  outputs: 200,
  parameters: 200,
  /** A template passed by TemplateURL (through the staging bucket). */
  templateBytes: 1_000_000,
} as const;

/** What a stack holds, counted the way CloudFormation counts it. */
export interface StackSize {
  readonly resources: number;
  readonly outputs: number;
  readonly parameters: number;
}

export function stackSize(stack: Stack): StackSize {
  const inStack = stack.node.findAll().filter((c) => Stack.of(c) === stack);
  return {
    resources: inStack.filter((c) => CfnResource.isCfnResource(c)).length,
    outputs: inStack.filter((c) => c instanceof CfnOutput).length,
    parameters: inStack.filter((c) => c instanceof CfnParameter).length,
  };
}

/** The quota violations of a stack, each a sentence that says what to do. */
export function stackLimitViolations(stack: Stack): string[] {
  const size = stackSize(stack);
  const over = (['resources', 'outputs', 'parameters'] as const).filter((k) => size[k] > CLOUDFORMATION_LIMITS[k]);
  return over.map((k) =>
    `stack ${stack.stackName} has ${size[k]} ${k}; CloudFormation allows ${CLOUDFORMATION_LIMITS[k]} per stack: ` +
    'split its catalog across more stacks (for example one stack per domain)');
}

/** Adds a synth-time validation to every stack: a stack over a CloudFormation quota fails synth. */
export class StackLimitsAspect implements IAspect {
  private readonly seen = new Set<Stack>();

  public visit(node: IConstruct): void {
    if (!Stack.isStack(node) || this.seen.has(node)) return;
    this.seen.add(node);
    node.node.addValidation({ validate: () => stackLimitViolations(node) });
  }
}
