/*
 * The state of one stack in the CloudFormation fake, and how an operation moves it through the
 * statuses of "Stack status codes" (AWS CloudFormation User Guide) and the events of
 * DescribeStackEvents (AWS CloudFormation API Reference).
 */
import type { StackEvent } from '@aws-sdk/client-cloudformation';
import type { CfnTemplate } from '../template';
import type { PhysicalResource } from './fake-resources';

export interface FakeOutput { key: string; value: string; exportName?: string }

export interface FakeStack {
  stackId: string;
  name: string;
  status: string;
  statusReason?: string;
  templateBody: string;
  template: CfnTemplate;
  parameters: Record<string, string>;
  tags: Record<string, string>;
  outputs: FakeOutput[];
  /** What each logical id of the deployed template is in its service (real-format names, ARNs, URLs). */
  physical: Record<string, PhysicalResource>;
  /** The role CloudFormation acts as for the stack (`RoleARN`). */
  roleArn?: string;
  /** The resources whose rollback failed (UPDATE_ROLLBACK_FAILED) and still fail until skipped or fixed. */
  rollbackBlockers?: string[];
  /** `EnableTerminationProtection` (UpdateTerminationProtection). */
  terminationProtection?: boolean;
  /** Export names this stack's deployed template imports (what ListImports reports). */
  imports: string[];
  /** Newest first, as DescribeStackEvents answers. */
  events: StackEvent[];
  creationTime: Date;
  lastUpdatedTime?: Date;
  /** Phases still to apply, one per DescribeStacks poll, so a caller sees *_IN_PROGRESS. */
  phases: (() => void)[];
  /** When the current operation started and how many phases it queued (for timed latencies). */
  operation?: { startedAt: number; phases: number };
}

let eventCounter = 0;

export function addEvent(stack: FakeStack, logicalId: string, type: string, status: string, reason?: string): void {
  stack.events.unshift({
    StackId: stack.stackId, StackName: stack.name, EventId: `event-${++eventCounter}`,
    LogicalResourceId: logicalId, ResourceType: type, ResourceStatus: status as StackEvent['ResourceStatus'],
    ResourceStatusReason: reason, Timestamp: new Date(),
  });
}

function setStatus(stack: FakeStack, status: string, reason?: string): void {
  stack.status = status;
  stack.statusReason = reason;
  addEvent(stack, stack.name, 'AWS::CloudFormation::Stack', status, reason);
}

/**
 * The value of an output: `Ref` and `Fn::GetAtt` of a resource resolve to its physical resource
 * (given, or the stack's), `Ref` of a parameter to its value, `Fn::ImportValue` to the export.
 */
export function resolveValue(stack: FakeStack, template: CfnTemplate, value: unknown, exports: Map<string, { value: string }>,
  physical: Record<string, PhysicalResource> = stack.physical, parameters: Record<string, string> = stack.parameters): string {
  if (typeof value === 'string') return value;
  const v = value as Record<string, unknown>;
  if (typeof v?.Ref === 'string') return physical[v.Ref]?.ref ?? parameters[v.Ref] ?? String((template.Parameters?.[v.Ref] as { Default?: unknown })?.Default ?? `${stack.name}-${v.Ref}`);
  if (Array.isArray(v?.['Fn::GetAtt'])) {
    const [id, attribute] = v['Fn::GetAtt'] as [string, string];
    return physical[id]?.attributes[attribute] ?? physical[id]?.ref ?? `${stack.name}-${id}.${attribute}`;
  }
  if (typeof v?.['Fn::ImportValue'] === 'string') return exports.get(v['Fn::ImportValue'])?.value ?? '';
  return JSON.stringify(value);
}

export interface OperationPlan {
  readonly kind: 'CREATE' | 'UPDATE';
  readonly resourceTypes: Record<string, string>;
  /** logical id → reason: these resources fail. */
  readonly failures: Record<string, string>;
  /** The rollback of a failed update fails too: the stack ends UPDATE_ROLLBACK_FAILED. */
  readonly rollbackFails?: boolean;
  /** `DisableRollback`: a failure leaves the stack CREATE_FAILED / UPDATE_FAILED with what was made. */
  readonly disableRollback?: boolean;
  /** Applied when the operation succeeds: the new template, outputs and imports take effect. */
  readonly commit: () => void;
  /** An export in use that this update would drop (the update then fails with CloudFormation's reason). */
  readonly exportInUse?: { exportName: string; importer: string; verb?: 'deleted' | 'updated' };
}

/** Queues the phases of a create or update; the first is applied at once. */
export function startOperation(stack: FakeStack, plan: OperationPlan): void {
  const ip = `${plan.kind}_IN_PROGRESS`;
  setStatus(stack, ip, plan.kind === 'CREATE' ? 'User Initiated' : undefined);
  const failed = Object.keys(plan.failures);
  stack.phases.push(() => {
    for (const [id, type] of Object.entries(plan.resourceTypes)) {
      addEvent(stack, id, type, ip);
      if (plan.failures[id]) addEvent(stack, id, type, `${plan.kind}_FAILED`, plan.failures[id]);
      else if (failed.length && plan.kind === 'CREATE') addEvent(stack, id, type, 'CREATE_FAILED', 'Resource creation cancelled');
      else addEvent(stack, id, type, `${plan.kind}_COMPLETE`);
    }
  });
  if (failed.length || plan.exportInUse) {
    const reason = plan.exportInUse
      ? `Export ${plan.exportInUse.exportName} cannot be ${plan.exportInUse.verb ?? 'deleted'} as it is in use by ${plan.exportInUse.importer}`
      : `The following resource(s) failed to ${plan.kind.toLowerCase()}: [${failed.join(', ')}].`;
    if (plan.disableRollback) {
      // "Preserve successfully provisioned resources": no rollback; RollbackStack or a new update follows.
      stack.phases.push(() => setStatus(stack, `${plan.kind}_FAILED`, `${reason} Rollback disabled.`));
      return;
    }
    if (plan.kind === 'CREATE') {
      stack.phases.push(() => setStatus(stack, 'ROLLBACK_IN_PROGRESS', `${reason} Rollback requested by user.`));
      stack.phases.push(() => {
        for (const [id, type] of Object.entries(plan.resourceTypes)) addEvent(stack, id, type, 'DELETE_COMPLETE');
        setStatus(stack, 'ROLLBACK_COMPLETE');
        stack.outputs = [];
      });
    } else {
      stack.phases.push(() => setStatus(stack, 'UPDATE_ROLLBACK_IN_PROGRESS', reason));
      stack.phases.push(() => {
        if (plan.rollbackFails) {
          for (const id of failed) addEvent(stack, id, plan.resourceTypes[id], 'UPDATE_FAILED', 'Resource handler returned message: "rollback could not restore the resource"');
          setStatus(stack, 'UPDATE_ROLLBACK_FAILED', 'The following resource(s) failed to update: ' + failed.join(', '));
          stack.rollbackBlockers = failed;
        } else {
          setStatus(stack, 'UPDATE_ROLLBACK_COMPLETE');
        }
      });
    }
    return;
  }
  stack.phases.push(() => {
    plan.commit();
    if (plan.kind === 'UPDATE') setStatus(stack, 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
  });
  stack.phases.push(() => {
    setStatus(stack, `${plan.kind}_COMPLETE`);
    if (plan.kind === 'UPDATE') stack.lastUpdatedTime = new Date();
  });
}

/**
 * RollbackStack (API reference): from CREATE_FAILED or UPDATE_FAILED back to the last known
 * stable state: an update rolls back to its previous template (UPDATE_ROLLBACK_COMPLETE); a
 * create, which has none, is rolled back to nothing (ROLLBACK_COMPLETE).
 */
export function startRollback(stack: FakeStack, resourceTypes: Record<string, string>): void {
  const update = stack.status === 'UPDATE_FAILED';
  setStatus(stack, update ? 'UPDATE_ROLLBACK_IN_PROGRESS' : 'ROLLBACK_IN_PROGRESS', 'Rollback requested by user.');
  stack.phases.push(() => {
    for (const [id, type] of Object.entries(resourceTypes)) addEvent(stack, id, type, update ? 'UPDATE_COMPLETE' : 'DELETE_COMPLETE');
    if (!update) stack.outputs = [];
    setStatus(stack, update ? 'UPDATE_ROLLBACK_COMPLETE' : 'ROLLBACK_COMPLETE');
  });
}

/**
 * ContinueUpdateRollback (API reference): from UPDATE_ROLLBACK_FAILED, roll back again; each
 * resource in ResourcesToSkip is marked UPDATE_COMPLETE and left as it is. A resource whose
 * rollback still fails and is not skipped leaves the stack UPDATE_ROLLBACK_FAILED again.
 */
export function continueRollback(stack: FakeStack, resourceTypes: Record<string, string>, skip: string[]): void {
  setStatus(stack, 'UPDATE_ROLLBACK_IN_PROGRESS', 'Continue rollback requested by user.');
  const blocking = (stack.rollbackBlockers ?? []).filter((id) => !skip.includes(id));
  stack.phases.push(() => {
    for (const id of skip) addEvent(stack, id, resourceTypes[id] ?? 'AWS::CloudFormation::CustomResource', 'UPDATE_COMPLETE', 'Resource skipped during UpdateRollback');
    if (blocking.length) {
      for (const id of blocking) addEvent(stack, id, resourceTypes[id], 'UPDATE_FAILED', 'Resource handler returned message: "rollback could not restore the resource"');
      setStatus(stack, 'UPDATE_ROLLBACK_FAILED', 'The following resource(s) failed to update: ' + blocking.join(', '));
      stack.rollbackBlockers = blocking;
      return;
    }
    stack.rollbackBlockers = undefined;
    setStatus(stack, 'UPDATE_ROLLBACK_COMPLETE');
  });
}
