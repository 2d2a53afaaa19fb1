import { parseExportName, TAG_KEYS } from '@listbackup/conventions/names';
import { AssemblyStack } from './assembly';
import { AwsClients, explainAwsError, isUnsupportedCall } from './aws';
import { stackDrift } from './drift';
import { DeployError } from './errors';
import { listDeployedExports } from './exports-in-use';
import { formatTable, Printer } from './printer';
import { RESOURCE_PROBES } from './private/resource-probes';
import { describeStack } from './private/stack-monitor';
import { referencedResource, templateExports, templateImports } from './template';

export interface VerifyRow {
  readonly check: 'stack' | 'export' | 'import' | 'name' | 'drift';
  readonly subject: string;
  readonly ok: boolean;
  /** The check could not be made on this endpoint (drift detection on the local emulator): neither passed nor failed. */
  readonly unchecked?: boolean;
  readonly detail: string;
}

/** The stacks of a stage: tagged `Stage=<stage>`, or named `…-<stage>`. */
export function stacksOfStage(stacks: AssemblyStack[], stage: string): AssemblyStack[] {
  return stacks.filter((s) => s.tags[TAG_KEYS.stage] === stage || (s.tags[TAG_KEYS.stage] === undefined && s.stackName.endsWith(`-${stage}`)));
}

/**
 * Proves a deployed stage is whole: every stack settled, every export its synthesized template
 * declares present and naming a live resource, every import resolved, every name on the
 * convention. Prints a table; throws `VerifyFailed` on any miss.
 */
export async function verifyStage(stage: string, allStacks: AssemblyStack[], clients: AwsClients, printer: Printer, options: { pollIntervalMs?: number } = {}): Promise<VerifyRow[]> {
  const stacks = stacksOfStage(allStacks, stage);
  if (stacks.length === 0) {
    throw new DeployError('UsageError', `no stack of stage '${stage}' in the given assemblies (${allStacks.map((s) => s.stackName).join(', ') || 'none'}): synthesize with STAGE=${stage}`);
  }
  const rows: VerifyRow[] = [];
  const exports = new Map((await listDeployedExports(clients.cloudFormation)).map((e) => [e.name, e]));
  for (const stack of stacks) {
    const deployed = await describeStack(clients.cloudFormation, stack.stackName);
    const status = deployed?.StackStatus ?? 'NOT_DEPLOYED';
    const settled = status.endsWith('_COMPLETE') && !['ROLLBACK_COMPLETE', 'DELETE_COMPLETE'].includes(status);
    rows.push({ check: 'stack', subject: stack.stackName, ok: settled, detail: status });
    if (settled) rows.push(...await driftRows(clients, stack.stackName, options.pollIntervalMs ?? 2000));
    for (const exp of templateExports(stack.template)) {
      const parsed = parseExportName(exp.exportName);
      rows.push({ check: 'name', subject: exp.exportName, ok: parsed?.stage === stage, detail: parsed ? `service ${parsed.service}, stage ${parsed.stage}` : 'not <service>-<stage>-<ResourceName>' });
      const deployedExport = exports.get(exp.exportName);
      if (!deployedExport) {
        rows.push({ check: 'export', subject: exp.exportName, ok: false, detail: `missing (declared by ${stack.stackName} output ${exp.outputKey})` });
        continue;
      }
      const resource = referencedResource(stack.template, exp.value);
      const probe = resource && RESOURCE_PROBES[resource.type];
      if (!probe) {
        rows.push({ check: 'export', subject: exp.exportName, ok: true, detail: `present = ${deployedExport.value} (not probed: ${resource?.type ?? 'computed value'})` });
        continue;
      }
      try {
        await probe(clients, deployedExport.value);
        rows.push({ check: 'export', subject: exp.exportName, ok: true, detail: `${resource.type} ${deployedExport.value} is live` });
      } catch (err) {
        rows.push({ check: 'export', subject: exp.exportName, ok: false, detail: `${resource.type} ${deployedExport.value} not found: ${(err as Error).name}: ${(err as Error).message}` });
      }
    }
    for (const name of templateImports(stack.template)) {
      const found = exports.get(name);
      rows.push({ check: 'import', subject: `${stack.stackName} <- ${name}`, ok: Boolean(found), detail: found ? `from ${found.stackName}` : 'no such export' });
    }
  }
  printer.line(formatTable([['CHECK', 'SUBJECT', 'RESULT', 'DETAIL'], ...rows.map((r) => [r.check, r.subject, r.unchecked ? 'NOT CHECKED' : r.ok ? 'ok' : r.check === 'drift' ? 'DRIFTED' : 'MISSING', r.detail])]));
  const misses = rows.filter((r) => !r.ok && !r.unchecked);
  const unchecked = rows.filter((r) => r.unchecked);
  if (misses.length) {
    throw new DeployError('VerifyFailed', `stage ${stage} failed verification: ${misses.length} of ${rows.length} checks:\n` +
      misses.map((m) => `  - ${m.check} ${m.subject}: ${m.detail}`).join('\n'));
  }
  printer.line(unchecked.length
    ? `stage ${stage}: ${rows.length - unchecked.length} checks passed; ${unchecked.length} could not be made here (${[...new Set(unchecked.map((u) => u.check))].join(', ')}): see NOT CHECKED above`
    : `stage ${stage}: all ${rows.length} checks passed`);
  return rows;
}

/**
 * One row per drifted resource, or one saying the stack is in sync; on an endpoint without drift
 * detection (the local emulator), one row saying so: not a failure, and not "no drift" either.
 */
async function driftRows(clients: AwsClients, stackName: string, pollIntervalMs: number): Promise<VerifyRow[]> {
  let drift;
  try {
    drift = await stackDrift(clients.cloudFormation, stackName, pollIntervalMs);
  } catch (err) {
    if (isUnsupportedCall(err)) {
      const endpoint = process.env.AWS_ENDPOINT_URL;
      return [{ check: 'drift', subject: stackName, ok: false, unchecked: true,
        detail: `drift could not be checked: the endpoint${endpoint ? ` ${endpoint}` : ''} has no drift detection (DetectStackDrift); run verify against an AWS account for it` }];
    }
    throw explainAwsError(err, `detecting the drift of ${stackName}`);
  }
  if (!drift.resources.length) return [{ check: 'drift', subject: stackName, ok: drift.status === 'IN_SYNC', detail: drift.status }];
  return drift.resources.map((r) => ({
    check: 'drift' as const, subject: `${stackName}/${r.LogicalResourceId}`, ok: false,
    detail: `${r.StackResourceDriftStatus} ${r.ResourceType}` + (r.PropertyDifferences?.length
      ? `: ${r.PropertyDifferences.map((d) => `${d.PropertyPath} expected ${d.ExpectedValue}, actual ${d.ActualValue}`).join('; ')}` : ''),
  }));
}
