import { AssemblyStack } from './assembly';
import { AwsClients } from './aws';
import { commitsBehind } from './git-info';
import { readLedger } from './ledger';
import { formatTable, Printer } from './printer';
import { describeStack } from './private/stack-monitor';
import { stageEnvironmentOf } from './stage-environment';

export interface StageStatusRow {
  readonly stackName: string;
  /** CloudFormation's status, `NOT_DEPLOYED`, or `STACK_SET` for a stage deployed through StackSets. */
  readonly status: string;
  readonly commit?: string;
  /** Commits between the deployed commit and HEAD; undefined when this clone does not hold it. */
  readonly behind?: number;
  readonly lastOutcome?: string;
  readonly deployedAt?: string;
  readonly drift?: string;
}

/**
 * `status <stage>`: per stack, what the ledger says was deployed (commit, how far behind HEAD, last
 * outcome, when) beside CloudFormation's status and drift state when a detection has run. Ledger
 * entries of stacks the assemblies no longer hold are listed too.
 */
export async function stageStatus(stage: string, stacks: AssemblyStack[], clients: AwsClients, printer: Printer, repository: string): Promise<StageStatusRow[]> {
  const ledger = await readLedger(clients.ssm, stage);
  const stackSet = stacks.some((s) => stageEnvironmentOf(s)?.deployment === 'stack-set');
  const names = [...new Set([...stacks.map((s) => s.stackName), ...ledger.keys()])];
  const rows: StageStatusRow[] = [];
  for (const name of names) {
    const entry = ledger.get(name);
    const deployed = stackSet ? undefined : await describeStack(clients.cloudFormation, name);
    const drift = deployed?.DriftInformation?.StackDriftStatus;
    const shown = entry?.lastSuccess ?? entry?.lastAttempt;
    rows.push({
      stackName: name,
      status: stackSet ? 'STACK_SET' : deployed?.StackStatus ?? 'NOT_DEPLOYED',
      commit: shown?.commit,
      behind: shown ? commitsBehind(repository, shown.commit) : undefined,
      lastOutcome: entry ? `${entry.lastOutcome}${entry.failedInstances?.length ? ` (${entry.failedInstances.length} instance${entry.failedInstances.length === 1 ? '' : 's'})` : ''}` : undefined,
      deployedAt: shown?.time,
      drift: drift && drift !== 'NOT_CHECKED' ? `${drift}${deployed?.DriftInformation?.LastCheckTimestamp ? ` (${deployed.DriftInformation.LastCheckTimestamp.toISOString()})` : ''}` : undefined,
    });
  }
  printer.line(`stage '${stage}'${ledger.size ? '' : ': no ledger (nothing deployed to it by this tool yet)'}`);
  printer.line(formatTable([['STACK', 'STATUS', 'DEPLOYED COMMIT', 'BEHIND HEAD', 'LAST OUTCOME', 'DEPLOYED AT', 'DRIFT'], ...rows.map((r) => [
    `${r.stackName}${stacks.some((s) => s.stackName === r.stackName) ? '' : ' (not in the assemblies)'}`, r.status,
    r.commit ? r.commit.slice(0, 12) : '-', r.commit ? (r.behind === undefined ? 'unknown' : String(r.behind)) : '-',
    r.lastOutcome ?? 'never deployed', r.deployedAt ?? '-', r.drift ?? '-',
  ])]));
  return rows;
}
