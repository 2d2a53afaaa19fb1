/**
 * How cdk-nag names a resolved CloudFormation value in a granular finding id
 * (`AwsSolutions-IAM5[Resource::<name>]`): joins flattened, `Ref` as `<Name>`, `GetAtt` as
 * `<Resource.Attribute>`, and `${…}` policy variables as `<…>`. An acknowledgement must use the
 * very same text, and computing it keeps it right for every stage and bucket name.
 */
export function policyFindingName(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value.replace(/\$\{/g, '<').replace(/\}/g, '>');
  const node = value as Record<string, unknown>;
  if (node['Fn::Join']) {
    const [delimiter, items] = node['Fn::Join'] as [string, unknown[]];
    return items.map(policyFindingName).join(delimiter);
  }
  if (node['Fn::Sub']) return policyFindingName(node['Fn::Sub']);
  if (node['Fn::GetAtt']) {
    const [resource, attribute] = node['Fn::GetAtt'] as [unknown, unknown];
    return `<${policyFindingName(resource)}.${policyFindingName(attribute)}>`;
  }
  if (node['Fn::ImportValue']) return policyFindingName(node['Fn::ImportValue']);
  if (node.Ref) return `<${policyFindingName(node.Ref)}>`;
  return JSON.stringify(value);
}
