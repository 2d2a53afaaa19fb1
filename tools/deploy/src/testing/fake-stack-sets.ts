/*
 * The StackSet operations of the CloudFormation fake, following the AWS CloudFormation API
 * Reference: CreateStackSet, DescribeStackSet, UpdateStackSet, CreateStackInstances,
 * ListStackInstances, DescribeStackSetOperation, ListStackSetOperationResults, and the data types
 * StackSetOperationPreferences, StackSetOperation (Status RUNNING | SUCCEEDED | FAILED | STOPPED),
 * StackSetOperationResultSummary (Status PENDING | RUNNING | SUCCEEDED | FAILED | CANCELLED) and
 * StackInstanceSummary (Status CURRENT | OUTDATED | INOPERABLE, StackInstanceStatus.DetailedStatus).
 *
 * How an operation runs, per StackSetOperationPreferences: regions one after another in
 * RegionOrder (SEQUENTIAL, the default) or all at once (PARALLEL); in each region at most
 * MaxConcurrentCount (or MaxConcurrentPercentage of the region's accounts, rounded down, at least 1)
 * accounts at a time; with STRICT_FAILURE_TOLERANCE (the default) the concurrency is at most
 * FailureToleranceCount + 1, lowered by the failures so far. When more accounts fail in a region
 * than FailureToleranceCount (or FailureTolerancePercentage, rounded down) the operation stops
 * there, the rest of that region and every later region are CANCELLED, and the operation is FAILED.
 * Each stack instance takes `instanceLatencyMs` of wall-clock time; the whole timeline is decided
 * when the operation starts and read against the clock.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each command reads its input by the field names of CloudFormation's StackSets API reference
type Input = Record<string, any>;

export const STACK_SET_MUTATING_COMMANDS = new Set([
  'CreateStackSet', 'UpdateStackSet', 'DeleteStackSet', 'CreateStackInstances', 'UpdateStackInstances', 'DeleteStackInstances', 'StopStackSetOperation',
]);

function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400 } });
}

interface FakeInstance { account: string; region: string; status: 'CURRENT' | 'OUTDATED' | 'INOPERABLE'; detailed: string; reason?: string; templateBody?: string }

interface InstanceRun { account: string; region: string; start: number; end: number; result: 'SUCCEEDED' | 'FAILED' | 'CANCELLED'; reason?: string }

interface FakeOperation {
  id: string; action: 'CREATE' | 'UPDATE'; stackSetName: string; started: number; end: number;
  status: 'SUCCEEDED' | 'FAILED'; runs: InstanceRun[]; templateBody: string; applied: boolean;
}

interface FakeStackSet {
  id: string; name: string; templateBody: string; parameters: unknown[]; capabilities: string[]; tags: unknown[];
  permissionModel: string; administrationRoleArn?: string; executionRoleName?: string; autoDeployment?: unknown;
  instances: Map<string, FakeInstance>; operations: Map<string, FakeOperation>;
}

const key = (account: string, region: string) => `${account}/${region}`;

export class FakeStackSets {
  /** Wall-clock time one stack instance takes to create or update. */
  public instanceLatencyMs = 0;
  /** The account the fake's StackSets are administered from. */
  public administrationAccount = '123456789012';
  private readonly sets = new Map<string, FakeStackSet>();
  /** `<stackSet>|<account>/<region>` → reason: the instance fails in the next operation that reaches it. */
  private readonly failures = new Map<string, string>();
  /** Accounts whose execution role the administration role cannot assume. */
  private readonly unreachable = new Set<string>();
  private operationCounter = 0;

  /** The next operation of this StackSet fails in this account and region with this reason. */
  public failInstance(stackSetName: string, account: string, region: string, reason: string): void {
    this.failures.set(`${stackSetName}|${key(account, region)}`, reason);
  }

  /** Every operation fails in this account: its execution role does not trust the administration role. */
  public unreachableAccount(account: string): void {
    this.unreachable.add(account);
  }

  public stackSet(name: string): { templateBody: string; instances: FakeInstance[]; operations: number } | undefined {
    const set = this.sets.get(name);
    if (!set) return undefined;
    this.settle(set);
    return { templateBody: set.templateBody, instances: [...set.instances.values()], operations: set.operations.size };
  }

  /** Handles a StackSet command, or answers undefined for a command that is not one. */
  public handle(command: string, input: Input): Record<string, unknown> | undefined {
    switch (command) {
      case 'CreateStackSet': {
        if (this.sets.has(input.StackSetName)) throw awsError('NameAlreadyExistsException', `StackSet ${input.StackSetName} already exists`);
        if (!input.TemplateBody && !input.TemplateURL) throw awsError('ValidationError', 'Either TemplateBody or TemplateURL must be specified');
        const permissionModel = input.PermissionModel ?? 'SELF_MANAGED';
        if (permissionModel === 'SERVICE_MANAGED' && !input.AutoDeployment) throw awsError('ValidationError', 'AutoDeployment must be specified for SERVICE_MANAGED stack sets');
        const set: FakeStackSet = {
          id: `${input.StackSetName}:${Math.random().toString(16).slice(2)}`, name: input.StackSetName, templateBody: input.TemplateBody,
          parameters: input.Parameters ?? [], capabilities: input.Capabilities ?? [], tags: input.Tags ?? [], permissionModel,
          administrationRoleArn: input.AdministrationRoleARN, executionRoleName: input.ExecutionRoleName, autoDeployment: input.AutoDeployment,
          instances: new Map(), operations: new Map(),
        };
        this.sets.set(set.name, set);
        return { StackSetId: set.id };
      }
      case 'DescribeStackSet': {
        const set = this.existing(input.StackSetName);
        return { StackSet: {
          StackSetName: set.name, StackSetId: set.id, Status: 'ACTIVE', TemplateBody: set.templateBody, Parameters: set.parameters,
          Capabilities: set.capabilities, Tags: set.tags, PermissionModel: set.permissionModel,
          AdministrationRoleARN: set.administrationRoleArn ?? `arn:aws:iam::${this.administrationAccount}:role/AWSCloudFormationStackSetAdministrationRole`,
          ExecutionRoleName: set.executionRoleName ?? 'AWSCloudFormationStackSetExecutionRole', AutoDeployment: set.autoDeployment,
        } };
      }
      case 'UpdateStackSet': {
        const set = this.existing(input.StackSetName);
        this.assertIdle(set);
        const targets = this.targets(set, input, true);
        const body = input.UsePreviousTemplate ? set.templateBody : input.TemplateBody ?? set.templateBody;
        set.templateBody = body;
        if (input.Parameters) set.parameters = input.Parameters;
        if (input.Tags) set.tags = input.Tags;
        // The instances not named keep running the template they have: OUTDATED when that is no longer the StackSet's.
        for (const instance of set.instances.values()) {
          if (!targets.some((t) => key(t.account, t.region) === key(instance.account, instance.region)) && instance.templateBody !== body) instance.status = 'OUTDATED';
        }
        return { OperationId: this.startOperation(set, 'UPDATE', targets, input.OperationPreferences, input.OperationId, body) };
      }
      case 'CreateStackInstances': {
        const set = this.existing(input.StackSetName);
        this.assertIdle(set);
        const targets = this.targets(set, input, false);
        return { OperationId: this.startOperation(set, 'CREATE', targets, input.OperationPreferences, input.OperationId, set.templateBody) };
      }
      case 'ListStackInstances': {
        const set = this.existing(input.StackSetName);
        this.settle(set);
        const all = [...set.instances.values()].filter((i) => (!input.StackInstanceAccount || i.account === input.StackInstanceAccount) && (!input.StackInstanceRegion || i.region === input.StackInstanceRegion));
        const start = Number(input.NextToken ?? 0);
        const page = all.slice(start, start + 100);
        return {
          Summaries: page.map((i) => ({ StackSetId: set.id, Account: i.account, Region: i.region, Status: i.status, StatusReason: i.reason, StackInstanceStatus: { DetailedStatus: i.detailed } })),
          NextToken: start + 100 < all.length ? String(start + 100) : undefined,
        };
      }
      case 'DescribeStackSetOperation': {
        const set = this.existing(input.StackSetName);
        const op = set.operations.get(input.OperationId);
        if (!op) throw awsError('OperationNotFoundException', `Operation ${input.OperationId} not found`);
        this.settle(set);
        const now = Date.now();
        return { StackSetOperation: {
          OperationId: op.id, StackSetId: set.id, Action: op.action, Status: now < op.end ? 'RUNNING' : op.status,
          CreationTimestamp: new Date(op.started), EndTimestamp: now < op.end ? undefined : new Date(op.end),
          StatusReason: now >= op.end && op.status === 'FAILED' ? 'The Operation failed: the number of failed stack instances exceeded the failure tolerance' : undefined,
        } };
      }
      case 'ListStackSetOperationResults': {
        const set = this.existing(input.StackSetName);
        const op = set.operations.get(input.OperationId);
        if (!op) throw awsError('OperationNotFoundException', `Operation ${input.OperationId} not found`);
        const now = Date.now();
        const start = Number(input.NextToken ?? 0);
        const size = Math.min(Number(input.MaxResults ?? 100), 100);
        const page = op.runs.slice(start, start + size);
        return {
          Summaries: page.map((r) => {
            const status = now >= r.end ? r.result : now >= r.start ? 'RUNNING' : 'PENDING';
            return { Account: r.account, Region: r.region, Status: status, StatusReason: status === r.result ? r.reason : undefined };
          }),
          NextToken: start + size < op.runs.length ? String(start + size) : undefined,
        };
      }
      default: return undefined;
    }
  }

  private existing(name: string): FakeStackSet {
    const set = this.sets.get(name);
    if (!set) throw awsError('StackSetNotFoundException', `StackSet ${name} not found`);
    return set;
  }

  /** One operation at a time per StackSet ("OperationInProgressException"). */
  private assertIdle(set: FakeStackSet): void {
    this.settle(set);
    if ([...set.operations.values()].some((o) => Date.now() < o.end)) {
      throw awsError('OperationInProgressException', `Another Operation on StackSet ${set.name} is in progress`);
    }
  }

  private targets(set: FakeStackSet, input: Input, existingOnly: boolean): { account: string; region: string }[] {
    const regions: string[] = input.Regions ?? (existingOnly ? [...new Set([...set.instances.values()].map((i) => i.region))] : []);
    const accounts: string[] = input.Accounts ?? input.DeploymentTargets?.Accounts
      ?? (existingOnly ? [...new Set([...set.instances.values()].map((i) => i.account))] : []);
    if (input.DeploymentTargets?.OrganizationalUnitIds) throw awsError('ValidationError', 'the fake resolves no organizational units: name accounts');
    if (!existingOnly && (!accounts.length || !regions.length)) throw awsError('ValidationError', 'Accounts (or DeploymentTargets) and Regions must be specified');
    const targets = accounts.flatMap((account) => regions.map((region) => ({ account, region })));
    if (existingOnly) {
      const missing = targets.filter((t) => !set.instances.has(key(t.account, t.region))).filter(() => input.Accounts || input.Regions);
      if (missing.length) throw awsError('StackInstanceNotFoundException', `StackInstance ${key(missing[0].account, missing[0].region)} not found in StackSet ${set.name}`);
      return targets.filter((t) => set.instances.has(key(t.account, t.region)));
    }
    return targets;
  }

  private startOperation(set: FakeStackSet, action: 'CREATE' | 'UPDATE', targets: { account: string; region: string }[], preferences: Input = {}, operationId: string | undefined, body: string): string {
    const id = operationId ?? `op-${++this.operationCounter}`;
    if (set.operations.has(id)) throw awsError('OperationIdAlreadyExistsException', `Operation ${id} already exists`);
    if (preferences.MaxConcurrentCount !== undefined && preferences.MaxConcurrentPercentage !== undefined) {
      throw awsError('ValidationError', 'Only one of MaxConcurrentCount and MaxConcurrentPercentage may be specified');
    }
    if (preferences.FailureToleranceCount !== undefined && preferences.FailureTolerancePercentage !== undefined) {
      throw awsError('ValidationError', 'Only one of FailureToleranceCount and FailureTolerancePercentage may be specified');
    }
    const started = Date.now();
    const runs = this.schedule(set, targets, preferences, started);
    for (const t of targets) {
      if (!set.instances.has(key(t.account, t.region))) set.instances.set(key(t.account, t.region), { ...t, status: 'OUTDATED', detailed: 'PENDING' });
    }
    const failed = runs.some((r) => r.result === 'CANCELLED');
    const end = Math.max(started, ...runs.map((r) => r.end));
    set.operations.set(id, { id, action, stackSetName: set.name, started, end, status: failed ? 'FAILED' : 'SUCCEEDED', runs, templateBody: body, applied: false });
    return id;
  }

  /** The whole timeline of an operation, decided at its start. */
  private schedule(set: FakeStackSet, targets: { account: string; region: string }[], p: Input, started: number): InstanceRun[] {
    const order: string[] = [...(p.RegionOrder ?? []), ...new Set(targets.map((t) => t.region))].filter((r, i, all) => all.indexOf(r) === i && targets.some((t) => t.region === r));
    const parallel = p.RegionConcurrencyType === 'PARALLEL';
    const strict = (p.ConcurrencyMode ?? 'STRICT_FAILURE_TOLERANCE') === 'STRICT_FAILURE_TOLERANCE';
    const latency = this.instanceLatencyMs;
    const runs: InstanceRun[] = [];
    let regionStart = started;
    let stopped = false;
    for (const region of order) {
      const accounts = targets.filter((t) => t.region === region).map((t) => t.account);
      if (stopped) {
        runs.push(...accounts.map((account) => ({ account, region, start: regionStart, end: regionStart, result: 'CANCELLED' as const, reason: 'Cancelled since failure tolerance has exceeded' })));
        continue;
      }
      const tolerance = p.FailureToleranceCount ?? (p.FailureTolerancePercentage !== undefined ? Math.floor((p.FailureTolerancePercentage * accounts.length) / 100) : 0);
      const max = p.MaxConcurrentCount ?? (p.MaxConcurrentPercentage !== undefined ? Math.max(1, Math.floor((p.MaxConcurrentPercentage * accounts.length) / 100)) : 1);
      let t = parallel ? started : regionStart;
      let failures = 0;
      let next = 0;
      while (next < accounts.length) {
        if (failures > tolerance) {
          for (const account of accounts.slice(next)) runs.push({ account, region, start: t, end: t, result: 'CANCELLED', reason: 'Cancelled since failure tolerance has exceeded' });
          stopped = true;
          break;
        }
        const concurrency = Math.max(1, strict ? Math.min(max, tolerance + 1 - failures) : max);
        const batch = accounts.slice(next, next + concurrency);
        next += batch.length;
        for (const account of batch) {
          const reason = this.failureOf(set.name, account, region);
          if (reason) failures++;
          runs.push({ account, region, start: t, end: t + latency, result: reason ? 'FAILED' : 'SUCCEEDED', reason });
        }
        t += latency;
      }
      if (failures > tolerance && !stopped) stopped = true;
      if (!parallel) regionStart = t;
    }
    return runs;
  }

  private failureOf(stackSetName: string, account: string, region: string): string | undefined {
    if (this.unreachable.has(account)) {
      return `Account ${account} should have 'AWSCloudFormationStackSetExecutionRole' role with trust relationship to Role 'AWSCloudFormationStackSetAdministrationRole'.`;
    }
    const id = `${stackSetName}|${key(account, region)}`;
    const reason = this.failures.get(id);
    this.failures.delete(id);
    return reason;
  }

  /** Applies finished operations to the stack instances. */
  private settle(set: FakeStackSet): void {
    const now = Date.now();
    for (const op of set.operations.values()) {
      if (op.applied || now < op.end) continue;
      op.applied = true;
      for (const run of op.runs) {
        const instance = set.instances.get(key(run.account, run.region))!;
        if (run.result === 'SUCCEEDED') Object.assign(instance, { status: 'CURRENT', detailed: 'SUCCEEDED', reason: undefined, templateBody: op.templateBody });
        else if (run.result === 'FAILED') Object.assign(instance, { status: 'OUTDATED', detailed: 'FAILED', reason: run.reason });
        else Object.assign(instance, { status: 'OUTDATED', detailed: 'CANCELLED', reason: run.reason });
      }
    }
  }
}
