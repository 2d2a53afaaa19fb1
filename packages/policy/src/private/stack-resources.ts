import { CfnElement, CfnResource, Stack } from 'aws-cdk-lib/core';
import { IConstruct } from 'constructs';

/** Every CfnResource of the stack that holds `node`, in construct order. */
export function stackResources(node: IConstruct): CfnResource[] {
  return Stack.of(node).node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c));
}

/** The logical id of an element, resolved (CDK keeps it as a token until synth). */
export function logicalIdOf(element: CfnElement): string {
  return Stack.of(element).resolve(element.logicalId);
}

/** The value with every token resolved in the context of `node`'s stack. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- resolved CloudFormation is untyped JSON; each rule reads the properties of its own type
export function resolved(node: IConstruct, value: unknown): any {
  return Stack.of(node).resolve(value);
}

/**
 * The logical ids a resolved value refers to with `Ref` or `Fn::GetAtt` (`[id, attr]` or `"id.attr"`),
 * anywhere inside it: the one walk over references that every rule and reader uses.
 */
export function referencedIds(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    value.forEach((v) => referencedIds(v, into));
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.Ref === 'string') into.add(record.Ref);
    const getAtt = record['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') into.add(getAtt[0]);
    if (typeof getAtt === 'string') into.add(getAtt.split('.')[0]);
    Object.values(record).forEach((v) => referencedIds(v, into));
  }
  return into;
}

/** Whether a resolved value refers to the logical id with `Ref` or `Fn::GetAtt`, anywhere inside it. */
export function refersTo(value: unknown, logicalId: string): boolean {
  return referencedIds(value).has(logicalId);
}
