/*
 * An in-memory CloudFormation for what the local emulator cannot do (rollbacks, exports in use,
 * throttling). It follows the AWS CloudFormation API Reference (CreateChangeSet,
 * DescribeChangeSet, ExecuteChangeSet, DeleteChangeSet, CreateStack, UpdateStack, DeleteStack,
 * DescribeStacks, DescribeStackEvents, GetTemplate, ListExports, ListImports) and "Stack status
 * codes" in the AWS CloudFormation User Guide. It is attached as middleware in the SDK's
 * deserialize step, so the SDK's own serialization, signing and standard retry strategy run.
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { templateExports, templateImports, CfnTemplate } from '../template';
import { continueRollback, FakeStack, resolveValue, startOperation, startRollback } from './fake-stack';
import { accessKeyOf } from './fake-sts';
import type { FakeS3 } from './fake-s3';
import { randomUUID } from 'node:crypto';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { answerProbe, FakeEnvironment, PhysicalResource, physicalResourcesAfter } from './fake-resources';
import { FakeStackSets, STACK_SET_MUTATING_COMMANDS } from './fake-stack-sets';

export const MUTATING_COMMANDS = new Set([
  'CreateChangeSet', 'ExecuteChangeSet', 'DeleteChangeSet', 'CreateStack', 'UpdateStack', 'DeleteStack', 'ContinueUpdateRollback', 'CancelUpdateStack', 'RollbackStack',
  'UpdateTerminationProtection', ...STACK_SET_MUTATING_COMMANDS,
]);

interface ChangeSet { name: string; stackName: string; type: string; status: string; reason?: string; templateBody: string; parameters: Record<string, string>; tags: Record<string, string>; changes: unknown[]; roleArn?: string }
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each command reads its input by the field names of CloudFormation's API reference
type Input = Record<string, any>;

function awsError(name: string, message: string, status = 400): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: status } });
}
const validation = (message: string) => awsError('ValidationError', message);
const asRecord = (list?: { Key?: string; Value?: string; ParameterKey?: string; ParameterValue?: string }[]) =>
  Object.fromEntries((list ?? []).map((e) => [e.Key ?? e.ParameterKey, e.Value ?? e.ParameterValue]));

export class FakeCloudFormation {
  /** Every call that reached the fake, throttled attempts included, in order, with the access key that signed it. */
  public readonly calls: { command: string; input: Input; throttled?: boolean; accessKeyId?: string }[] = [];
  private readonly stacks = new Map<string, FakeStack>();
  private readonly changeSets = new Map<string, ChangeSet>();
  private readonly failures = new Map<string, Record<string, string>>();
  private readonly rollbackFailures = new Set<string>();
  private readonly drifts = new Map<string, Record<string, unknown>>();
  private readonly driftDetections = new Map<string, string>();
  private throttles: { command?: string; remaining: number } = { remaining: 0 };
  /**
   * How long a create or update of a stack takes, in wall-clock milliseconds. Without an entry a
   * stack moves one status per DescribeStacks poll; with one, its phases are spread over that
   * time, so a deploy graph can be timed against its critical path.
   */
  public readonly operationLatencyMs: Record<string, number> = {};
  /** Runs after each call is handled (a test uses it to interrupt mid-run). */
  public afterCall?: (command: string, input: Input) => void;
  /** Where templates passed by `TemplateURL` are read from. */
  public templateBucket?: FakeS3;
  /** The StackSets of the fake (see fake-stack-sets.ts): set their latency, make instances fail. */
  public readonly stackSets = new FakeStackSets();
  /** Answer the drift detection calls as an endpoint that has none (the local emulator). */
  public driftDetectionUnsupported = false;
  /** Resources deleted behind CloudFormation's back (`stack/logicalId`): the probes no longer find them. */
  private readonly gone = new Set<string>();
  public readonly env: FakeEnvironment;

  /** @param env the account and region the fake's ARNs and URLs name */
  constructor(env: Partial<FakeEnvironment> = {}) {
    this.env = { region: env.region ?? 'us-east-1', account: env.account ?? '123456789012' };
  }

  /** Deletes a deployed resource out of band: the stack still lists it, its service no longer has it. */
  public deleteResource(stackName: string, logicalId: string): void {
    this.existing(stackName);
    this.gone.add(`${stackName}/${logicalId}`);
  }

  /** The resources of every settled stack that still exist in their services. */
  public liveResources(): PhysicalResource[] {
    return [...this.stacks.values()]
      .filter((s) => /_COMPLETE$/.test(s.status) && !['ROLLBACK_COMPLETE', 'DELETE_COMPLETE'].includes(s.status))
      .flatMap((s) => Object.entries(s.physical).filter(([id]) => !this.gone.has(`${s.name}/${id}`)).map(([, r]) => r));
  }

  /** The mutating calls made, as `Command stackName`. */
  public mutations(): string[] {
    return this.calls.filter((c) => MUTATING_COMMANDS.has(c.command) && !c.throttled).map((c) => `${c.command} ${c.input.StackName ?? c.input.StackSetName}`);
  }

  /**
   * Make a deployed resource drift: drift detection (DetectStackDrift) then reports it with these
   * property differences, `MODIFIED` (or `DELETED` when none are given and `deleted` is set).
   */
  public driftResource(stackName: string, logicalId: string, differences: Array<{ PropertyPath: string; ExpectedValue: string; ActualValue: string }>, options: { deleted?: boolean } = {}): void {
    const stack = this.existing(stackName);
    const type = stack.template.Resources?.[logicalId]?.Type ?? 'AWS::CloudFormation::CustomResource';
    this.drifts.set(`${stackName}/${logicalId}`, {
      StackId: stack.stackId, LogicalResourceId: logicalId, ResourceType: type, Timestamp: new Date(),
      StackResourceDriftStatus: options.deleted ? 'DELETED' : 'MODIFIED',
      PropertyDifferences: differences.map((d) => ({ ...d, DifferenceType: 'NOT_EQUAL' })),
    });
  }

  /** Make a resource of a stack fail in its next create or update. */
  public failResource(stackName: string, logicalId: string, reason: string, options: { rollbackFails?: boolean } = {}): void {
    this.failures.set(stackName, { ...this.failures.get(stackName), [logicalId]: reason });
    if (options.rollbackFails) this.rollbackFailures.add(stackName);
  }

  /** The cause of a failed rollback is fixed by hand: the next ContinueUpdateRollback succeeds without skipping. */
  public fixRollback(stackName: string): void {
    this.existing(stackName).rollbackBlockers = [];
    this.rollbackFailures.delete(stackName);
  }

  /** The next `count` calls (of one command, if given) answer Throttling "Rate exceeded". */
  public throttle(count: number, command?: string): void {
    this.throttles = { command, remaining: count };
  }

  public stack(name: string): FakeStack | undefined {
    return this.stacks.get(name);
  }

  public attach(client: unknown): void {
    if ([DynamoDBClient, SQSClient, S3Client, EventBridgeClient, CognitoIdentityProviderClient].some((c) => client instanceof c)) {
      this.attachProbes(client as DynamoDBClient);
      return;
    }
    if (!(client instanceof CloudFormationClient)) return;
    client.middlewareStack.add((_next, context) => async (args) => {
      const command = String(context.commandName).replace(/Command$/, '');
      const input = args.input as Input;
      const accessKeyId = accessKeyOf(args.request);
      if (this.throttles.remaining > 0 && (!this.throttles.command || this.throttles.command === command)) {
        this.throttles.remaining--;
        this.calls.push({ command, input, throttled: true, accessKeyId });
        throw awsError('Throttling', 'Rate exceeded');
      }
      this.calls.push({ command, input, accessKeyId });
      await new Promise((resolve) => setTimeout(resolve, 1)); // distinct timestamps, like a real round trip
      try {
        const output = this.handle(command, input);
        return { output: { ...output, $metadata: { httpStatusCode: 200 } }, response: {} };
      } finally {
        this.afterCall?.(command, input);
      }
    }, { step: 'deserialize', name: 'fakeCloudFormation', priority: 'high' });
  }

  /** The read calls `verify` makes to prove an exported resource is live, answered from the stacks' resources. */
  private attachProbes(client: DynamoDBClient): void {
    const s3 = client instanceof S3Client;
    client.middlewareStack.add((next, context) => async (args) => {
      const command = String(context.commandName).replace(/Command$/, '');
      // The staging bucket's calls (asset publishing) are the S3 fake's, when one is attached.
      if (s3 && command !== 'HeadBucket') return next(args);
      this.calls.push({ command, input: args.input as Input, accessKeyId: accessKeyOf(args.request) });
      const output = answerProbe(command, args.input as Input, this.liveResources());
      if (!output) throw awsError('NotImplemented', `the fake does not implement ${command}`);
      return { output: { ...output, $metadata: { httpStatusCode: 200 } }, response: {} };
    }, { step: 'deserialize', name: 'fakeResourceProbes', priority: 'high' });
  }

  /**
   * `TemplateBody`, or the object `TemplateURL` names in the S3 fake (CreateChangeSet, CreateStack,
   * UpdateStack: "The URL of a file containing the template body … located in an Amazon S3 bucket").
   */
  private templateOf(input: Input): Input {
    if (input.TemplateBody !== undefined || input.TemplateURL === undefined) return input;
    const match = /^https:\/\/s3[.-][^/]+\.amazonaws\.com(?:\.cn)?\/([^/]+)\/(.+)$/.exec(String(input.TemplateURL));
    const object = match && this.templateBucket?.object(match[1], match[2]);
    if (!object) throw validation(`S3 error: the object at ${input.TemplateURL} does not exist or is not accessible`);
    return { ...input, TemplateBody: Buffer.from(object).toString('utf-8') };
  }

  private handle(command: string, raw: Input): Record<string, unknown> {
    const input = ['CreateChangeSet', 'CreateStack', 'UpdateStack'].includes(command) ? this.templateOf(raw) : raw;
    if (this.driftDetectionUnsupported && /Drift/.test(command)) throw awsError('NotImplemented', `the endpoint does not implement ${command}`);
    switch (command) {
      case 'DescribeStacks': {
        const stack = this.existing(input.StackName);
        this.advance(stack);
        return { Stacks: [{
          StackId: stack.stackId, StackName: stack.name, StackStatus: stack.status, StackStatusReason: stack.statusReason,
          CreationTime: stack.creationTime, LastUpdatedTime: stack.lastUpdatedTime,
          Parameters: Object.entries(stack.parameters).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue })),
          Tags: Object.entries(stack.tags).map(([Key, Value]) => ({ Key, Value })),
          Outputs: stack.outputs.map((o) => ({ OutputKey: o.key, OutputValue: o.value, ExportName: o.exportName })),
          EnableTerminationProtection: stack.terminationProtection === true,
          RoleARN: stack.roleArn,
        }] };
      }
      case 'DescribeStackEvents': {
        const stack = this.existing(input.StackName);
        const start = Number(input.NextToken ?? 0);
        // The events are a view of the operation's progress, as the stack's status is: a first page
        // read moves it on as DescribeStacks does (the next pages read the same snapshot).
        if (start === 0) this.advance(stack);
        const page = stack.events.slice(start, start + 5);
        return { StackEvents: page, NextToken: start + 5 < stack.events.length ? String(start + 5) : undefined };
      }
      case 'GetTemplate': return { TemplateBody: this.existing(input.StackName).templateBody };
      case 'ListExports': return { Exports: [...this.exports()].map(([Name, e]) => ({ Name, Value: e.value, ExportingStackId: e.stackId })) };
      case 'ListImports': {
        const importers = [...this.stacks.values()].filter((s) => s.imports.includes(input.ExportName)).map((s) => s.name);
        if (!importers.length) throw validation(`Export '${input.ExportName}' is not imported by any stack.`);
        return { Imports: importers };
      }
      case 'CreateChangeSet': return this.createChangeSet(input);
      case 'DescribeChangeSet': {
        const cs = this.changeSet(input);
        if (cs.status === 'CREATE_PENDING') this.evaluate(cs);
        return { ChangeSetName: cs.name, StackName: cs.stackName, Status: cs.status, StatusReason: cs.reason, ExecutionStatus: cs.status === 'CREATE_COMPLETE' ? 'AVAILABLE' : 'UNAVAILABLE', Changes: cs.changes };
      }
      case 'DeleteChangeSet': this.changeSet(input); this.changeSets.delete(`${input.StackName}/${input.ChangeSetName}`); return {};
      case 'ExecuteChangeSet': {
        const cs = this.changeSet(input);
        if (cs.status !== 'CREATE_COMPLETE') throw awsError('InvalidChangeSetStatus', `ChangeSet [${cs.name}] cannot be executed in its current status of [${cs.status}]`);
        // One operation at a time: a second execution while the stack is being changed is refused.
        const target = this.existing(cs.stackName);
        if (target.status.endsWith('_IN_PROGRESS') && target.status !== 'REVIEW_IN_PROGRESS') {
          throw validation(`Stack:${target.stackId} is in ${target.status} state and can not be updated.`);
        }
        this.changeSets.delete(`${input.StackName}/${input.ChangeSetName}`);
        this.start(this.existing(cs.stackName), cs.type === 'CREATE' ? 'CREATE' : 'UPDATE', cs.templateBody, cs.parameters, cs.tags, cs.roleArn, input.DisableRollback === true);
        return {};
      }
      case 'CreateStack': {
        if (this.stacks.has(input.StackName)) throw awsError('AlreadyExistsException', `Stack [${input.StackName}] already exists`);
        this.assertImportsExist(input.TemplateBody);
        this.start(this.newStack(input.StackName, 'CREATE_IN_PROGRESS'), 'CREATE', input.TemplateBody, asRecord(input.Parameters), asRecord(input.Tags), input.RoleARN, input.DisableRollback === true);
        return { StackId: this.stacks.get(input.StackName)!.stackId };
      }
      case 'UpdateStack': {
        const stack = this.updatable(input.StackName);
        this.assertImportsExist(input.TemplateBody);
        if (this.sameAsDeployed(stack, input.TemplateBody, asRecord(input.Parameters), asRecord(input.Tags))) throw validation('No updates are to be performed.');
        this.start(stack, 'UPDATE', input.TemplateBody, asRecord(input.Parameters), asRecord(input.Tags), input.RoleARN, input.DisableRollback === true);
        return { StackId: stack.stackId };
      }
      case 'DeleteStack': return this.deleteStack(input.StackName);
      case 'RollbackStack': {
        const stack = this.existing(input.StackName);
        if (stack.status !== 'CREATE_FAILED' && stack.status !== 'UPDATE_FAILED') {
          throw validation(`Stack:${stack.stackId} is in ${stack.status} state and can not be rolled back; RollbackStack applies to CREATE_FAILED and UPDATE_FAILED`);
        }
        if (input.RoleARN) stack.roleArn = input.RoleARN;
        startRollback(stack, this.resourceTypes(stack));
        stack.operation = { startedAt: Date.now(), phases: stack.phases.length };
        return { StackId: stack.stackId };
      }
      case 'ContinueUpdateRollback': {
        const stack = this.existing(input.StackName);
        if (stack.status !== 'UPDATE_ROLLBACK_FAILED') {
          throw validation(`Stack:${stack.stackId} is in ${stack.status} state; ContinueUpdateRollback applies to UPDATE_ROLLBACK_FAILED only`);
        }
        const skip: string[] = input.ResourcesToSkip ?? [];
        const notFailed = skip.filter((id) => !(stack.rollbackBlockers ?? []).includes(id));
        if (notFailed.length) throw validation(`Resources [${notFailed.join(', ')}] are not in UPDATE_FAILED state and cannot be skipped`);
        if (input.RoleARN) stack.roleArn = input.RoleARN;
        continueRollback(stack, this.resourceTypes(stack), skip);
        stack.operation = { startedAt: Date.now(), phases: stack.phases.length };
        return {};
      }
      // Drift detection (DetectStackDrift, DescribeStackDriftDetectionStatus, DescribeStackResourceDrifts
      // API reference): a detection completes at its first status read.
      case 'DetectStackDrift': {
        const stack = this.existing(input.StackName);
        const id = `drift-${this.driftDetections.size + 1}`;
        this.driftDetections.set(id, stack.name);
        return { StackDriftDetectionId: id };
      }
      case 'DescribeStackDriftDetectionStatus': {
        const stackName = this.driftDetections.get(input.StackDriftDetectionId);
        if (!stackName) throw validation(`Drift detection ${input.StackDriftDetectionId} does not exist`);
        const drifted = [...this.drifts.keys()].filter((k) => k.startsWith(`${stackName}/`)).length;
        return {
          StackId: this.existing(stackName).stackId, StackDriftDetectionId: input.StackDriftDetectionId, DetectionStatus: 'DETECTION_COMPLETE',
          StackDriftStatus: drifted ? 'DRIFTED' : 'IN_SYNC', DriftedStackResourceCount: drifted, Timestamp: new Date(),
        };
      }
      case 'DescribeStackResourceDrifts': {
        this.existing(input.StackName);
        const filters: string[] | undefined = input.StackResourceDriftStatusFilters;
        const found = [...this.drifts.entries()].filter(([k]) => k.startsWith(`${input.StackName}/`)).map(([, d]) => d)
          .filter((d) => !filters || filters.includes(String(d.StackResourceDriftStatus)));
        return { StackResourceDrifts: found };
      }
      case 'UpdateTerminationProtection': {
        const stack = this.existing(input.StackName);
        stack.terminationProtection = input.EnableTerminationProtection === true;
        return { StackId: stack.stackId };
      }
      default: {
        const answer = this.stackSets.handle(command, input);
        if (answer) return answer;
        throw awsError('NotImplemented', `the CloudFormation fake does not implement ${command}`);
      }
    }
  }

  private resourceTypes(stack: FakeStack): Record<string, string> {
    return Object.fromEntries(Object.entries(stack.template.Resources ?? {}).map(([id, r]) => [id, r.Type]));
  }

  private exports(): Map<string, { value: string; stackId: string; stackName: string }> {
    const found = new Map<string, { value: string; stackId: string; stackName: string }>();
    for (const s of this.stacks.values()) for (const o of s.outputs) if (o.exportName) found.set(o.exportName, { value: o.value, stackId: s.stackId, stackName: s.name });
    return found;
  }

  private existing(name: string): FakeStack {
    const stack = this.stacks.get(name);
    if (!stack) throw validation(`Stack with id ${name} does not exist`);
    return stack;
  }

  private updatable(name: string): FakeStack {
    const stack = this.existing(name);
    // CREATE_FAILED and UPDATE_FAILED (a failure with rollback disabled) may be updated again: the retry.
    if (stack.status === 'ROLLBACK_COMPLETE' || stack.status.endsWith('_IN_PROGRESS') || stack.status === 'UPDATE_ROLLBACK_FAILED') {
      throw validation(`Stack:${stack.stackId} is in ${stack.status} state and can not be updated.`);
    }
    return stack;
  }

  private newStack(name: string, status: string): FakeStack {
    const stack: FakeStack = {
      // Stack ids as CloudFormation gives them: arn:<partition>:cloudformation:<region>:<account>:stack/<name>/<uuid>.
      stackId: `arn:aws:cloudformation:${this.env.region}:${this.env.account}:stack/${name}/${randomUUID()}`,
      name, status, templateBody: '{}', template: {}, parameters: {}, tags: {}, outputs: [], physical: {}, imports: [], events: [], creationTime: new Date(), phases: [],
    };
    this.stacks.set(name, stack);
    return stack;
  }

  private assertImportsExist(templateBody: string): void {
    const exports = this.exports();
    const missing = templateImports(JSON.parse(templateBody)).find((n) => !exports.has(n));
    if (missing) throw validation(`No export named ${missing} found.`);
  }

  private sameAsDeployed(stack: FakeStack, body: string, parameters: Record<string, string>, tags: Record<string, string>): boolean {
    return JSON.stringify(JSON.parse(body)) === JSON.stringify(stack.template)
      && JSON.stringify(parameters) === JSON.stringify(this.userParameters(stack)) && JSON.stringify(tags) === JSON.stringify(stack.tags);
  }

  private userParameters(stack: FakeStack): Record<string, string> {
    const defaults = stack.template.Parameters ?? {};
    return Object.fromEntries(Object.entries(stack.parameters).filter(([k, v]) => String(defaults[k]?.Default) !== v));
  }

  private createChangeSet(input: Input): Record<string, unknown> {
    let stack = this.stacks.get(input.StackName);
    const type = input.ChangeSetType ?? 'UPDATE';
    if (type === 'CREATE' && stack && stack.status !== 'REVIEW_IN_PROGRESS') {
      throw awsError('AlreadyExistsException', `Stack [${input.StackName}] already exists and cannot be created again with the changeSet [${input.ChangeSetName}].`);
    }
    if (type === 'UPDATE') {
      if (!stack || stack.status === 'REVIEW_IN_PROGRESS') throw validation(`Stack [${input.StackName}] does not exist`);
      this.updatable(input.StackName);
    }
    stack ??= this.newStack(input.StackName, 'REVIEW_IN_PROGRESS');
    const cs: ChangeSet = { name: input.ChangeSetName, stackName: input.StackName, type, status: 'CREATE_PENDING', templateBody: input.TemplateBody, parameters: asRecord(input.Parameters), tags: asRecord(input.Tags), changes: [], roleArn: input.RoleARN };
    this.changeSets.set(`${input.StackName}/${input.ChangeSetName}`, cs);
    return { Id: `arn:aws:cloudformation:${this.env.region}:${this.env.account}:changeSet/${cs.name}/${randomUUID()}`, StackId: stack.stackId };
  }

  private evaluate(cs: ChangeSet): void {
    const stack = this.existing(cs.stackName);
    const next: CfnTemplate = JSON.parse(cs.templateBody);
    const missing = templateImports(next).find((n) => !this.exports().has(n));
    if (missing) {
      Object.assign(cs, { status: 'FAILED', reason: `No export named ${missing} found.` });
      return;
    }
    if (cs.type === 'UPDATE' && this.sameAsDeployed(stack, cs.templateBody, cs.parameters, cs.tags)) {
      Object.assign(cs, { status: 'FAILED', reason: "The submitted information didn't contain changes. Submit different information to create a change set." });
      return;
    }
    const before = cs.type === 'CREATE' ? {} : stack.template.Resources ?? {};
    const after = next.Resources ?? {};
    const change = (Action: string, id: string, type: string, Replacement?: string, Details?: unknown[]) => ({ Type: 'Resource', ResourceChange: { Action, LogicalResourceId: id, ResourceType: type, Replacement, Details } });
    const modify = (id: string) => {
      const recreated = replacingProperties(before[id], after[id]);
      return change('Modify', id, after[id].Type, recreated.length ? 'True' : 'False',
        recreated.map((Name) => ({ Target: { Attribute: 'Properties', Name, RequiresRecreation: 'Always' }, Evaluation: 'Static', ChangeSource: 'DirectModification' })));
    };
    cs.changes = [
      ...Object.keys(after).filter((id) => !before[id]).map((id) => change('Add', id, after[id].Type)),
      ...Object.keys(after).filter((id) => before[id] && JSON.stringify(before[id]) !== JSON.stringify(after[id])).map(modify),
      ...Object.keys(before).filter((id) => !after[id]).map((id) => change('Remove', id, before[id].Type)),
    ];
    cs.status = 'CREATE_COMPLETE';
  }

  private changeSet(input: Input): ChangeSet {
    const cs = this.changeSets.get(`${input.StackName}/${input.ChangeSetName}`);
    if (!cs) throw awsError('ChangeSetNotFoundException', `ChangeSet [${input.ChangeSetName}] does not exist`);
    return cs;
  }

  private start(stack: FakeStack, kind: 'CREATE' | 'UPDATE', body: string, parameters: Record<string, string>, tags: Record<string, string>, roleArn?: string, disableRollback = false): void {
    // RoleARN (CreateChangeSet, CreateStack, UpdateStack): without one, the stack keeps the role it had.
    if (roleArn) stack.roleArn = roleArn;
    const template: CfnTemplate = JSON.parse(body);
    const exports = this.exports();
    const kept = new Set(templateExports(template).map((e) => e.exportName));
    const dropped = stack.outputs.filter((o) => o.exportName && !kept.has(o.exportName));
    const importerOf = (exportName: string) => [...this.stacks.values()].find((s) => s !== stack && s.imports.includes(exportName))?.name;
    const droppedInUse = dropped.map((o) => ({ exportName: o.exportName!, importer: importerOf(o.exportName!), verb: 'deleted' as const })).find((u) => u.importer);
    // An imported export whose value the update changes fails too ("cannot be updated as it is in use").
    const resolvedParameters = { ...Object.fromEntries(Object.entries(template.Parameters ?? {}).filter(([, p]) => p.Default !== undefined).map(([k, p]) => [k, String(p.Default)])), ...parameters };
    const beforeResources = stack.template.Resources ?? {};
    const replaced = Object.entries(template.Resources ?? {}).filter(([id, r]) => beforeResources[id] && replacingProperties(beforeResources[id], r).length).map(([id]) => id);
    const physical = physicalResourcesAfter(stack.name, stack.physical, template, this.env, replaced);
    const valueOf = (v: unknown) => resolveValue(stack, template, v, exports, physical, resolvedParameters);
    const next = new Map(Object.values(template.Outputs ?? {}).filter((o) => o.Export).map((o) => [String(o.Export!.Name), valueOf(o.Value)]));
    const changedInUse = stack.outputs.filter((o) => o.exportName && next.has(o.exportName) && next.get(o.exportName) !== o.value)
      .map((o) => ({ exportName: o.exportName!, importer: importerOf(o.exportName!), verb: 'updated' as const })).find((u) => u.importer);
    const importer = (droppedInUse ?? changedInUse) as { exportName: string; importer: string; verb: 'deleted' | 'updated' } | undefined;
    const failures = this.failures.get(stack.name) ?? {};
    this.failures.delete(stack.name);
    startOperation(stack, {
      kind, failures, exportInUse: importer, rollbackFails: this.rollbackFailures.has(stack.name), disableRollback,
      resourceTypes: Object.fromEntries(Object.entries(template.Resources ?? {}).map(([id, r]) => [id, r.Type])),
      commit: () => {
        Object.assign(stack, { templateBody: body, template, parameters: resolvedParameters, tags, imports: templateImports(template), physical });
        stack.outputs = Object.entries(template.Outputs ?? {}).map(([key, o]) => ({ key, value: valueOf(o.Value), exportName: o.Export?.Name as string | undefined }));
      },
    });
    stack.operation = { startedAt: Date.now(), phases: stack.phases.length };
  }

  /** Applies the phases that are due: one per poll, or by elapsed time when the stack has a latency. */
  private advance(stack: FakeStack): void {
    const latency = this.operationLatencyMs[stack.name];
    if (latency === undefined || !stack.operation) {
      stack.phases.shift()?.();
      return;
    }
    const { startedAt, phases } = stack.operation;
    const elapsed = Date.now() - startedAt;
    while (stack.phases.length && elapsed >= (latency * (phases - stack.phases.length + 1)) / phases) {
      stack.phases.shift()!();
    }
  }

  private deleteStack(name: string): Record<string, unknown> {
    const stack = this.stacks.get(name);
    if (!stack) return {};
    // DeleteStack API reference: a stack with termination protection on is not deleted.
    if (stack.terminationProtection) throw validation(`Stack [${name}] cannot be deleted while TerminationProtection is enabled`);
    stack.status = 'DELETE_IN_PROGRESS';
    stack.phases.push(() => {
      const inUse = stack.outputs.map((o) => o.exportName).filter(Boolean)
        .map((e) => ({ e, by: [...this.stacks.values()].find((s) => s !== stack && s.imports.includes(e!)) })).find((u) => u.by);
      if (inUse) {
        stack.status = 'DELETE_FAILED';
        stack.statusReason = `Export ${inUse.e} cannot be deleted as it is in use by ${inUse.by!.name}`;
        return;
      }
      this.stacks.delete(name);
    });
    return {};
  }
}

/**
 * Properties whose update replaces the resource ("Update requires: Replacement" in the AWS
 * CloudFormation resource and property reference), for the types whose replacement loses data.
 * A change to one makes the fake's change set say `Replacement: True`, as CloudFormation's does.
 */
const REPLACING_PROPERTIES: Record<string, readonly string[]> = {
  'AWS::DynamoDB::Table': ['TableName', 'KeySchema'],
  'AWS::S3::Bucket': ['BucketName', 'ObjectLockEnabled'],
  'AWS::SQS::Queue': ['QueueName', 'FifoQueue'],
  'AWS::Logs::LogGroup': ['LogGroupName'],
  'AWS::KMS::Key': ['KeySpec', 'KeyUsage', 'MultiRegion'],
  'AWS::Cognito::UserPool': ['UsernameAttributes', 'AliasAttributes'],
  'AWS::Events::Archive': ['ArchiveName', 'SourceArn'],
};

function replacingProperties(before: { Type: string; Properties?: unknown }, after: { Type: string; Properties?: unknown }): string[] {
  if (before.Type !== after.Type) return ['Type'];
  const was = (before.Properties ?? {}) as Record<string, unknown>;
  const now = (after.Properties ?? {}) as Record<string, unknown>;
  return (REPLACING_PROPERTIES[after.Type] ?? []).filter((p) => JSON.stringify(was[p]) !== JSON.stringify(now[p]));
}
