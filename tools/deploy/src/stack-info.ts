import { AssemblyStack } from './assembly';
import { AwsClients } from './aws';
import { formatTable, Printer } from './printer';
import { describeStack } from './private/stack-monitor';

export interface StackStatusRow {
  readonly stackName: string;
  /** `NOT_DEPLOYED` when CloudFormation has no such stack. */
  readonly status: string;
  readonly lastUpdate?: Date;
}

/** The status of every stack, printed as a table: stack, status, last update. */
export async function stackStatuses(stacks: AssemblyStack[], clients: AwsClients, printer: Printer): Promise<StackStatusRow[]> {
  const rows: StackStatusRow[] = [];
  for (const stack of stacks) {
    const deployed = await describeStack(clients.cloudFormation, stack.stackName);
    rows.push({ stackName: stack.stackName, status: deployed?.StackStatus ?? 'NOT_DEPLOYED', lastUpdate: deployed?.LastUpdatedTime ?? deployed?.CreationTime });
  }
  printer.line(formatTable([['STACK', 'STATUS', 'LAST UPDATE'], ...rows.map((r) => [r.stackName, r.status, r.lastUpdate?.toISOString() ?? '-'])]));
  return rows;
}

/** The outputs of every deployed stack, printed as a table: stack, output, export name, value. */
export async function stackOutputs(stacks: AssemblyStack[], clients: AwsClients, printer: Printer): Promise<Record<string, Record<string, string>>> {
  const all: Record<string, Record<string, string>> = {};
  const rows: string[][] = [['STACK', 'OUTPUT', 'EXPORT', 'VALUE']];
  for (const stack of stacks) {
    const deployed = await describeStack(clients.cloudFormation, stack.stackName);
    all[stack.stackName] = {};
    for (const o of deployed?.Outputs ?? []) {
      all[stack.stackName][o.OutputKey!] = o.OutputValue ?? '';
      rows.push([stack.stackName, o.OutputKey!, o.ExportName ?? '-', o.OutputValue ?? '']);
    }
    if (!deployed) rows.push([stack.stackName, '(not deployed)', '-', '-']);
  }
  printer.line(formatTable(rows));
  return all;
}
