/**
 * Every export name a synthesized CloudFormation template imports (`Fn::ImportValue` of a literal
 * name), anywhere in it. The other half of the contract check: tests and the deploy tool compare
 * these with the exports the producing stacks write.
 */
export function importedExportNames(template: unknown): string[] {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
    } else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'Fn::ImportValue' && typeof value === 'string') found.add(value);
        else visit(value);
      }
    }
  };
  visit(template);
  return [...found];
}
