import {
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  ExecuteChangeSetCommand,
  GetTemplateCommand,
  UpdateTerminationProtectionCommand,
  Parameter,
  Stack,
  StackEvent,
  UpdateStackCommand,
} from '@aws-sdk/client-cloudformation';
import { AssemblyStack } from './assembly';
import { AwsClients, explainAwsError } from './aws';
import { findChangedExportsInUse, findDroppedExportsInUse } from './exports-in-use';
import { DeployError } from './errors';
import { Interrupt } from './interrupt';
import { Printer } from './printer';
import { stagingLocation } from './assets';
import { AssetPublisher } from './publish-assets';
import { DataLoss, dataLosses, formatLosses, unapproved } from './data-gate';
import { needsApproval, RequireApproval, securityChanges } from './security-gate';
import { CAPABILITIES, createChangeSet, deleteChangeSet, isNoChangesReason, printChanges } from './private/change-set';
import { busyError, isBusy, waitUntilSettled } from './stack-busy';
import { describeStack, failedResources, isSuccess, waitForStack } from './private/stack-monitor';
import { CfnTemplate, dataResources, TEMPLATE_BODY_LIMIT_BYTES } from './template';

export type DeployMethod = 'change-set' | 'direct';

export interface StackDeployOptions {
  readonly clients: AwsClients;
  readonly printer: Printer;
  readonly interrupt: Interrupt;
  /** @default 'change-set' */
  readonly method?: DeployMethod;
  /** @default 2000 */
  readonly pollIntervalMs?: number;
  /** Parameter values that override the template's defaults. */
  readonly parameters?: Record<string, string>;
  /**
   * Resources whose data loss (removal, replacement, a weakened retention policy, a protection
   * turned off) is allowed: logical ids, or `<stack>/<logical id>`. Any other such change is refused.
   */
  readonly allowDataLoss?: readonly string[];
  /** Tags added to (or overriding) the stack's own, on the stack and so on every resource. */
  readonly tags?: Record<string, string>;
  /** SNS topics that receive the stack's events. */
  readonly notificationArns?: readonly string[];
  /** Keep what a failed create or update made, for inspection (`--no-rollback`). @default false */
  readonly disableRollback?: boolean;
  /** When IAM and resource-policy changes must be approved. @default 'broadening' */
  readonly requireApproval?: RequireApproval;
  /** Asks the user (approval of security changes). Without it, a change that needs approval is refused. */
  readonly ask?: (question: string) => Promise<string>;
  /** The role CloudFormation acts as for this stack (`RoleARN`: the CDK bootstrap's execution role). */
  readonly executionRoleArn?: string;
  /** When another operation holds the stack, wait for it to settle and then deploy (`--wait`), instead of refusing. @default false */
  readonly wait?: boolean;
  /** Publishes the template when it goes by TemplateURL, with its publishing role. @default one on `clients` */
  readonly publisher?: AssetPublisher;
}

/** Shows the security changes that need approval, then asks, or refuses when no one can be asked. */
async function approveSecurityChanges(options: StackDeployOptions, stackName: string, before: CfnTemplate, after: CfnTemplate): Promise<void> {
  const mode = options.requireApproval ?? 'broadening';
  if (mode === 'never') return;
  const changes = securityChanges(before, after);
  if (!needsApproval(mode, changes)) return;
  const what = mode === 'broadening' ? 'widens IAM permissions or resource policies' : 'changes IAM permissions or resource policies';
  const table = changes.lines.map((l) => `  ${l}`).join('\n');
  if (options.ask) {
    options.printer.line(`${stackName}: the deploy ${what}:\n${table}`);
    const answer = (await options.ask(`deploy these changes to ${stackName}? (y/n) `)).trim().toLowerCase();
    if (answer === 'y' || answer === 'yes') return;
    throw new DeployError('ApprovalRequired', `${stackName}: the security changes were not approved: nothing was changed`);
  }
  throw new DeployError('ApprovalRequired',
    `${stackName}: the deploy ${what} and there is no terminal to approve it, so nothing was changed:\n${table}\n` +
    'Review them, then deploy from a terminal to approve, or pass --require-approval never');
}

/** Refuses a deploy that would lose data on resources not allowed by `allowDataLoss`. */
function refuseDataLoss(options: StackDeployOptions, losses: DataLoss[], changeSetName?: string): void {
  const refused = unapproved(losses, options.allowDataLoss ?? []);
  if (!refused.length) return;
  const stackName = refused[0].stackName;
  throw new DeployError('DataLossRefused',
    `${stackName}: the deploy would lose data, so nothing was executed:\n${formatLosses(refused)}\n` +
    (changeSetName ? `The change set ${changeSetName} is left for review (aws cloudformation describe-change-set --stack-name ${stackName} --change-set-name ${changeSetName}).\n` : '') +
    `If this is intended, deploy again with ${refused.map((l) => `--allow-data-loss ${stackName}/${l.logicalId}`).join(' ')}`);
}

export interface StackDeployResult {
  readonly stackName: string;
  readonly outcome: 'no-changes' | 'deployed';
  readonly outputs: Record<string, string>;
  /** Resource changes the change set held (0 for no changes; undefined for a direct update). */
  readonly changes?: number;
  /** From the start of this stack's deploy to its settled status. */
  readonly durationMs?: number;
}

/** Canonical JSON: key order does not matter to CloudFormation, so it must not matter here. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function desiredParameters(stack: AssemblyStack, overrides: Record<string, string>): Parameter[] {
  return Object.entries(overrides).filter(([k]) => stack.template.Parameters?.[k]).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue }));
}

/** The deployed stack's template, or undefined when it is not JSON (YAML, unreadable). */
async function deployedTemplateOf(clients: AwsClients, stackName: string): Promise<CfnTemplate | undefined> {
  const out = await clients.cloudFormation.send(new GetTemplateCommand({ StackName: stackName, TemplateStage: 'Original' }));
  try {
    return JSON.parse(out.TemplateBody ?? '') as CfnTemplate;
  } catch {
    return undefined;
  }
}

/** True when the deployed template, parameters and tags equal the synthesized ones: nothing to ask CloudFormation. */
function isUnchanged(deployedTemplate: CfnTemplate | undefined, stack: AssemblyStack, deployed: Stack, overrides: Record<string, string>, tags: Record<string, string>): boolean {
  if (deployedTemplate === undefined) return false; // let CloudFormation decide
  if (canonical(deployedTemplate) !== canonical(stack.template)) return false;
  const deployedTags = Object.fromEntries((deployed.Tags ?? []).map((t) => [t.Key, t.Value]));
  if (canonical(deployedTags) !== canonical(tags)) return false;
  const deployedParams = Object.fromEntries((deployed.Parameters ?? []).map((p) => [p.ParameterKey, p.ParameterValue]));
  for (const [key, declared] of Object.entries(stack.template.Parameters ?? {})) {
    // An SSM-typed parameter resolves at deploy time, so its deployed value cannot be compared;
    // like the CDK CLI, only those marked "[cdk:skip]" (the bootstrap version) are ignored.
    if (declared.Type.startsWith('AWS::SSM::Parameter::')) {
      if ((declared as { Description?: string }).Description?.includes('[cdk:skip]')) continue;
      return false;
    }
    const wanted = overrides[key] ?? (declared.Default === undefined ? undefined : String(declared.Default));
    if (deployedParams[key] !== wanted) return false;
  }
  return true;
}

/**
 * Why the stack itself failed when no resource did (an export in use, a template error): the
 * reason of its own newest rollback or failure event.
 */
function stackLevelReason(events: StackEvent[], stackName: string): string | undefined {
  return events.find((e) => e.LogicalResourceId === stackName && e.ResourceStatusReason && /ROLLBACK_IN_PROGRESS|_FAILED$/.test(e.ResourceStatus ?? ''))?.ResourceStatusReason;
}

function outputsOf(stack: Stack | undefined): Record<string, string> {
  return Object.fromEntries((stack?.Outputs ?? []).map((o) => [o.OutputKey!, o.OutputValue ?? '']));
}

export async function templateArgument(options: Pick<StackDeployOptions, 'clients' | 'printer' | 'publisher'>, stack: AssemblyStack): Promise<{ TemplateBody?: string; TemplateURL?: string }> {
  if (Buffer.byteLength(stack.templateBody) <= TEMPLATE_BODY_LIMIT_BYTES) return { TemplateBody: stack.templateBody };
  if (!stack.templateAsset) {
    throw new DeployError('AssemblyInvalid',
      `${stack.stackName}: the template is ${Buffer.byteLength(stack.templateBody)} bytes, over the ${TEMPLATE_BODY_LIMIT_BYTES}-byte TemplateBody limit, ` +
      'and the assembly has no asset manifest entry for it: synthesize with the default stack synthesizer');
  }
  const location = await stagingLocation(options.clients, stack.templateAsset);
  await (options.publisher ?? new AssetPublisher(options.clients, options.printer)).publish(stack.templateAsset);
  return { TemplateURL: location.url };
}

async function recreateIfRolledBack(options: StackDeployOptions, stack: AssemblyStack, deployed: Stack | undefined): Promise<Stack | undefined> {
  if (deployed?.StackStatus === 'UPDATE_ROLLBACK_FAILED') {
    throw new DeployError('RollbackFailed', rollbackFailedMessage(stack.stackName, await recentFailures(options, stack.stackName)));
  }
  if (deployed?.StackStatus !== 'ROLLBACK_COMPLETE') return deployed;
  // A ROLLBACK_COMPLETE stack holds no resources and cannot be updated (Stack status codes).
  options.printer.line(`${stack.stackName}: in ROLLBACK_COMPLETE from a failed create; deleting it to create it again`);
  const since = new Date();
  try {
    await options.clients.cloudFormation.send(new DeleteStackCommand({ StackName: stack.stackName, ...(options.executionRoleArn ? { RoleARN: options.executionRoleArn } : {}) }));
  } catch (err) {
    throw explainAwsError(err, `deleting ${stack.stackName}`);
  }
  const after = await waitForStack({ ...monitor(options, stack.stackName, since) });
  if (after) throw new DeployError('StackFailed', `${stack.stackName}: could not delete the rolled-back stack: it is ${after.StackStatus} (${after.StackStatusReason ?? 'no reason given'})`);
  return undefined;
}

async function recentFailures(options: StackDeployOptions, stackName: string): Promise<StackEvent[]> {
  const out = await options.clients.cloudFormation.send(new DescribeStackEventsCommand({ StackName: stackName }));
  return (out.StackEvents ?? []).filter((e) => e.ResourceStatus === 'UPDATE_FAILED' && e.LogicalResourceId !== stackName);
}

function rollbackFailedMessage(stackName: string, failed: StackEvent[]): string {
  const ids = [...new Set(failed.map((e) => e.LogicalResourceId))];
  return `${stackName} is in UPDATE_ROLLBACK_FAILED: CloudFormation could not roll back ` +
    (ids.length ? `(${failed.map((e) => `${e.LogicalResourceId}: ${e.ResourceStatusReason}`).join('; ')}). ` : '. ') +
    'Fix the cause, then continue the rollback: ' +
    `listbackup-deploy rollback ${stackName}` + (ids.length ? ` [${ids.map((id) => `--orphan ${id}`).join(' ')}]` : '') +
    ` (or aws cloudformation continue-update-rollback --stack-name ${stackName}` +
    (ids.length ? ` [--resources-to-skip ${ids.join(' ')}]` : '') + ')' +
    ' (skip a resource only if you fixed it by hand: CloudFormation then treats it as rolled back); deploy again once the stack is UPDATE_ROLLBACK_COMPLETE.';
}

function settleOptions(options: StackDeployOptions) {
  return { cfn: options.clients.cloudFormation, printer: options.printer, pollIntervalMs: options.pollIntervalMs ?? 2000, interrupt: options.interrupt };
}

function monitor(options: StackDeployOptions, stackName: string, since: Date, events?: StackEvent[]) {
  return {
    cfn: options.clients.cloudFormation, stackName, since, events,
    printer: options.printer, pollIntervalMs: options.pollIntervalMs ?? 2000, interrupt: options.interrupt,
  };
}

/**
 * Deploys one stack: proves no dropped export is still imported, publishes a large template, then
 * creates and executes a change set (or calls CreateStack/UpdateStack with `method: 'direct'`),
 * streaming events until the stack settles. Does nothing when nothing changed.
 */
/**
 * Deploys one stack (see `deployChanges`), then makes sure a stack holding data has termination
 * protection on: a stack deleted by mistake takes its retained tables and buckets out of
 * CloudFormation's hands, and a user pool or queue with them.
 */
export async function deployStack(options: StackDeployOptions, stack: AssemblyStack): Promise<StackDeployResult> {
  const started = Date.now();
  const changed = await deployChanges(options, stack);
  const result = { ...changed, changes: changed.outcome === 'no-changes' ? 0 : changed.changes, durationMs: Date.now() - started };
  const holding = dataResources(stack.template);
  if (holding.length) {
    const cfn = options.clients.cloudFormation;
    try {
      const deployed = await describeStack(cfn, stack.stackName);
      if (deployed && deployed.EnableTerminationProtection !== true) {
        await cfn.send(new UpdateTerminationProtectionCommand({ StackName: stack.stackName, EnableTerminationProtection: true }));
        options.printer.line(`${stack.stackName}: termination protection on (it holds ${holding.map((d) => d.logicalId).join(', ')})`);
      }
    } catch (err) {
      throw explainAwsError(err, `turning on termination protection of ${stack.stackName}`);
    }
  }
  return result;
}

async function deployChanges(options: StackDeployOptions, stack: AssemblyStack): Promise<StackDeployResult> {
  const { clients, printer } = options;
  const cfn = clients.cloudFormation;
  const name = stack.stackName;
  const overrides = options.parameters ?? {};
  const desiredTags = { ...stack.tags, ...(options.tags ?? {}) };
  let deployed = await describeStack(cfn, name);
  if (deployed && isBusy(deployed.StackStatus)) {
    if (!options.wait) throw busyError(deployed);
    deployed = await waitUntilSettled(settleOptions(options), deployed);
  }
  if (deployed && ['UPDATE_FAILED', 'CREATE_FAILED'].includes(deployed.StackStatus!)) {
    // Left by --no-rollback: CloudFormation takes an update from here (the retry), or a RollbackStack.
    printer.line(`${name}: ${deployed.StackStatus} from a deploy with --no-rollback; updating it from there ('listbackup-deploy rollback ${name}' would roll it back instead)`);
  } else if (deployed && !deployed.StackStatus?.endsWith('_COMPLETE') && !['REVIEW_IN_PROGRESS', 'UPDATE_ROLLBACK_FAILED'].includes(deployed.StackStatus!)) {
    throw new DeployError('StackFailed', `${name} is ${deployed.StackStatus} (${deployed.StackStatusReason ?? 'no reason given'}): nothing was changed; fix the stack in CloudFormation, then deploy again`);
  }
  deployed = await recreateIfRolledBack(options, stack, deployed);
  const exists = deployed !== undefined && deployed.StackStatus !== 'REVIEW_IN_PROGRESS';

  let deployedTemplate: CfnTemplate | undefined;
  if (exists) {
    try {
      deployedTemplate = await deployedTemplateOf(clients, name);
    } catch (err) {
      throw explainAwsError(err, `reading the deployed template of ${name}`);
    }
    const inUse = await findDroppedExportsInUse(cfn, stack);
    if (inUse.length) {
      throw new DeployError('ExportInUse', `${name}: the new template drops exports that deployed stacks still import: ` +
        inUse.map((u) => `${u.exportName} (imported by ${u.importers.join(', ')})`).join('; ') +
        '. Do it in two deploys: first deploy the importing stack without the import, then deploy this stack without the export.');
    }
    const changedInUse = await findChangedExportsInUse(cfn, stack, deployedTemplate);
    if (changedInUse.length) {
      throw new DeployError('ExportInUse', `${name}: the new template changes the value of exports that deployed stacks import, which CloudFormation refuses mid-update: ` +
        changedInUse.map((u) => `${u.exportName} (imported by ${u.importers.join(', ')})`).join('; ') +
        '. Nothing was changed. Add the new value as a new export, move the importers to it, then remove the old one.');
    }
    if (isUnchanged(deployedTemplate, stack, deployed!, overrides, desiredTags)) {
      printer.line(`${name}: no changes`);
      return { stackName: name, outcome: 'no-changes', outputs: outputsOf(deployed) };
    }
  }

  await approveSecurityChanges(options, name, deployedTemplate ?? {}, stack.template);
  const template = await templateArgument(options, stack);
  const parameters = desiredParameters(stack, overrides);
  const tags = Object.entries(desiredTags).map(([Key, Value]) => ({ Key, Value }));
  const notifications = options.notificationArns?.length ? { NotificationARNs: [...options.notificationArns] } : {};
  const rollback = options.disableRollback ? { DisableRollback: true } : {};
  const role = options.executionRoleArn ? { RoleARN: options.executionRoleArn } : {};
  const since = new Date();
  let changeCount: number | undefined;
  let pendingChangeSet: string | undefined;
  try {
    if ((options.method ?? 'change-set') === 'direct') {
      if (exists) {
        // No change set to say what is replaced: removals, retention and protections only.
        refuseDataLoss(options, dataLosses(name, [], deployedTemplate ?? {}, stack.template, false));
        await cfn.send(new UpdateStackCommand({ StackName: name, ...template, Parameters: parameters, Tags: tags, Capabilities: [...CAPABILITIES], ...notifications, ...rollback, ...role }));
      } else {
        await cfn.send(new CreateStackCommand({ StackName: name, ...template, Parameters: parameters, Tags: tags, Capabilities: [...CAPABILITIES], ...notifications, ...rollback, ...role }));
      }
    } else {
      const changeSet = await createChangeSet(cfn, {
        stackName: name, type: exists ? 'UPDATE' : 'CREATE', template, parameters, tags, pollIntervalMs: options.pollIntervalMs ?? 2000,
        notificationArns: options.notificationArns, roleArn: options.executionRoleArn,
      });
      if (!changeSet.description) {
        printer.line(`${name}: no changes`);
        return { stackName: name, outcome: 'no-changes', outputs: outputsOf(deployed) };
      }
      pendingChangeSet = changeSet.name;
      printChanges(printer, name, changeSet.description.Changes ?? []);
      changeCount = (changeSet.description.Changes ?? []).length;
      if (exists) refuseDataLoss(options, dataLosses(name, changeSet.description.Changes ?? [], deployedTemplate ?? {}, stack.template, true), changeSet.name);
      await cfn.send(new ExecuteChangeSetCommand({ StackName: name, ChangeSetName: changeSet.name, ...rollback }));
    }
  } catch (err) {
    const e = err as { name?: string; message?: string };
    if (e.name === 'ValidationError' && /_IN_PROGRESS state and can ?not be (updated|executed)/.test(e.message ?? '')) {
      // Another deploy started between our look and our execute: CloudFormation refused this one.
      const holder = await describeStack(cfn, name);
      if (pendingChangeSet) await deleteChangeSet(cfn, name, pendingChangeSet);
      if (!options.wait) throw busyError(holder ?? { StackName: name, StackStatus: 'UPDATE_IN_PROGRESS' } as Stack, e.message);
      if (holder && isBusy(holder.StackStatus)) await waitUntilSettled(settleOptions(options), holder);
      return deployChanges(options, stack);
    }
    if (e.name === 'ValidationError' && isNoChangesReason(e.message)) {
      printer.line(`${name}: no changes`);
      return { stackName: name, outcome: 'no-changes', outputs: outputsOf(deployed) };
    }
    throw explainAwsError(err, `starting the deploy of ${name}`);
  }

  const events: StackEvent[] = [];
  const final = await waitForStack(monitor(options, name, since, events));
  if (!isSuccess(final?.StackStatus)) {
    const failures = failedResources(name, events);
    throw new DeployError('StackFailed',
      `${name} failed: ${final?.StackStatus ?? 'stack is gone'}\n` +
      (failures.length ? failures.map((f) => `  ${f.logicalId} (${f.type}): ${f.reason}`).join('\n') : `  ${final?.StackStatusReason ?? stackLevelReason(events, name) ?? 'no reason given'}`) +
      (final?.StackStatus === 'ROLLBACK_COMPLETE' ? '\nFix the cause and deploy again: the rolled-back stack is deleted and created anew.' : ''));
  }
  const outputs = outputsOf(final);
  printer.line(`${name}: ${final!.StackStatus}`);
  for (const [key, value] of Object.entries(outputs)) printer.line(`  ${key} = ${value}`);
  return { stackName: name, outcome: 'deployed', outputs, changes: changeCount };
}
