/**
 * A resolved CloudFormation value as text, with every part that is only known at deploy time
 * written as a placeholder: `Ref` as `{Ref:X}`, `Fn::GetAtt` as `{GetAtt:X.Attr}`,
 * `Fn::ImportValue` as `{ImportValue:name}`. `Fn::Join` is joined and `Fn::Sub` substituted, so
 * `{ "Fn::Join": ["", ["logs.", { "Ref": "AWS::Region" }, ".amazonaws.com"]] }` reads
 * `logs.{Ref:AWS::Region}.amazonaws.com`. Rules then judge what the template means, not how
 * CDK happened to spell it. Placeholders hold no quote or backslash, so a JSON document built
 * with `Fn::Join` (a log group resource policy) still parses once rendered.
 */
export function renderResolved(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return `{${JSON.stringify(value)}}`;
  const record = value as Record<string, unknown>;
  if ('Ref' in record) return `{Ref:${String(record.Ref)}}`;
  if ('Fn::GetAtt' in record) {
    const getAtt = record['Fn::GetAtt'];
    return `{GetAtt:${Array.isArray(getAtt) ? getAtt.join('.') : String(getAtt)}}`;
  }
  if ('Fn::ImportValue' in record) return `{ImportValue:${renderResolved(record['Fn::ImportValue'])}}`;
  if ('Fn::Join' in record) {
    const [delimiter, parts] = record['Fn::Join'] as [string, unknown[]];
    return (Array.isArray(parts) ? parts : [parts]).map(renderResolved).join(delimiter);
  }
  if ('Fn::Sub' in record) {
    const sub = record['Fn::Sub'];
    const [template, variables] = Array.isArray(sub) ? sub as [string, Record<string, unknown>] : [String(sub), {}];
    return template.replace(/\$\{([^}!][^}]*)\}/g, (_m, name: string) =>
      name in variables ? renderResolved(variables[name]) : name.includes('.') ? `{GetAtt:${name}}` : `{Ref:${name}}`);
  }
  return `{${Object.keys(record)[0]}}`;
}

/** A JSON policy document given as a string (or a `Fn::Join` building one), parsed; `undefined` when it does not parse. */
export function parsePolicyText(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !('Fn::Join' in (value as object)) && !('Fn::Sub' in (value as object))) return value;
  try {
    return JSON.parse(renderResolved(value));
  } catch {
    return undefined;
  }
}
