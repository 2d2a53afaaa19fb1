import { CloudFormationClient, ListExportsCommand, ListImportsCommand } from '@aws-sdk/client-cloudformation';
import { AssemblyStack } from './assembly';
import { explainAwsError } from './aws';
import { DeployedExport } from './contracts';
import { CfnTemplate, templateExports } from './template';

/** `arn:aws:cloudformation:<region>:<account>:stack/<name>/<uuid>` → `<name>` */
export function stackNameFromId(stackId: string): string {
  const match = /:stack\/([^/]+)\//.exec(stackId);
  return match ? match[1] : stackId;
}

/** Every export in the account and region (ListExports, all pages). */
export async function listDeployedExports(cfn: CloudFormationClient): Promise<DeployedExport[]> {
  const found: DeployedExport[] = [];
  let token: string | undefined;
  try {
    do {
      const page = await cfn.send(new ListExportsCommand({ NextToken: token }));
      for (const e of page.Exports ?? []) found.push({ name: e.Name!, value: e.Value ?? '', stackName: stackNameFromId(e.ExportingStackId ?? '') });
      token = page.NextToken;
    } while (token);
  } catch (err) {
    throw explainAwsError(err, 'listing exports (ListExports)');
  }
  return found;
}

/** The stacks importing an export; ListImports answers a ValidationError when there are none. */
export async function importersOf(cfn: CloudFormationClient, exportName: string): Promise<string[]> {
  const importers: string[] = [];
  let token: string | undefined;
  try {
    do {
      const page = await cfn.send(new ListImportsCommand({ ExportName: exportName, NextToken: token }));
      importers.push(...(page.Imports ?? []));
      token = page.NextToken;
    } while (token);
  } catch (err) {
    const e = err as { name?: string; message?: string };
    if (e.name === 'ValidationError' && /is not imported by any stack/.test(e.message ?? '')) return [];
    throw explainAwsError(err, `listing the importers of ${exportName} (ListImports)`);
  }
  return importers;
}

export interface ExportInUse {
  readonly exportName: string;
  readonly importers: string[];
}

/** The deployed exports of a stack that are imported by other stacks, optionally only those in `names`. */
export async function exportsInUse(cfn: CloudFormationClient, stackName: string, deployed?: DeployedExport[]): Promise<ExportInUse[]> {
  const own = (deployed ?? await listDeployedExports(cfn)).filter((e) => e.stackName === stackName);
  const result: ExportInUse[] = [];
  for (const exp of own) {
    const importers = (await importersOf(cfn, exp.name)).filter((i) => i !== stackName);
    if (importers.length) result.push({ exportName: exp.name, importers });
  }
  return result;
}

/** Exports the deployed stack has, the new template drops, and another stack still imports. */
export async function findDroppedExportsInUse(cfn: CloudFormationClient, stack: AssemblyStack): Promise<ExportInUse[]> {
  const kept = new Set(templateExports(stack.template).map((e) => e.exportName));
  const dropped = (await listDeployedExports(cfn)).filter((e) => e.stackName === stack.stackName && !kept.has(e.name));
  return exportsInUse(cfn, stack.stackName, dropped);
}

/**
 * Exports the new template keeps but computes differently (another `Value` expression than the
 * deployed template's) while a deployed stack imports them: CloudFormation fails such an update
 * ("Export X cannot be updated as it is in use by Y") after work has started, so it is refused first.
 */
export async function findChangedExportsInUse(cfn: CloudFormationClient, stack: AssemblyStack, deployedTemplate: CfnTemplate | undefined): Promise<ExportInUse[]> {
  if (!deployedTemplate) return [];
  const before = new Map(Object.values(deployedTemplate.Outputs ?? {}).filter((o) => o.Export).map((o) => [JSON.stringify(o.Export!.Name), JSON.stringify(o.Value)]));
  const changed = new Set(Object.values(stack.template.Outputs ?? {})
    .filter((o) => o.Export && before.has(JSON.stringify(o.Export.Name)) && before.get(JSON.stringify(o.Export.Name)) !== JSON.stringify(o.Value))
    .map((o) => templateExports({ Outputs: { o } } as CfnTemplate)[0]?.exportName).filter((n): n is string => !!n));
  if (!changed.size) return [];
  const deployed = (await listDeployedExports(cfn)).filter((e) => e.stackName === stack.stackName && changed.has(e.name));
  return exportsInUse(cfn, stack.stackName, deployed);
}
