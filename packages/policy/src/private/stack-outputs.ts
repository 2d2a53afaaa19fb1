import { CfnOutput, CfnResource, Stack } from 'aws-cdk-lib/core';
import { logicalIdOf, referencedIds, resolved, stackResources } from './stack-resources';

/** An exported output of a stack, with its name resolved when it is a plain string. */
export interface StackExport {
  readonly outputId: string;
  readonly exportName: unknown;
}

/**
 * The exports a resource answers for. Outputs are not CfnResources, so a resource-level rule cannot
 * visit them: each export is attributed to the first resource of its stack that its value
 * references, or to the stack's first resource when it references none, so every export is checked
 * exactly once and the finding points at the construct the value comes from. Exports CDK creates for
 * cross-stack references (under the stack's `Exports` scope) are CDK's naming, not ours.
 */
export function exportsAttributedTo(node: CfnResource): StackExport[] {
  const stack = Stack.of(node);
  const resources = stackResources(node);
  const order = new Map(resources.map((r, i) => [logicalIdOf(r), i]));
  const autoExports = stack.node.tryFindChild('Exports');
  return stack.node.findAll()
    .filter((c): c is CfnOutput => c instanceof CfnOutput && c.exportName !== undefined)
    .filter((output) => autoExports === undefined || !output.node.scopes.includes(autoExports))
    .filter((output) => ownerOf(resolved(output, output.value), order, resources) === node)
    .map((output) => ({ outputId: logicalIdOf(output), exportName: resolved(output, output.exportName) }));
}

function ownerOf(value: unknown, order: Map<string, number>, resources: CfnResource[]): CfnResource | undefined {
  const indexes = [...referencedIds(value)].map((id) => order.get(id)).filter((i): i is number => i !== undefined);
  return resources[indexes.length > 0 ? Math.min(...indexes) : 0];
}
