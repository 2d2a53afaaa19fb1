import { Change } from '@aws-sdk/client-cloudformation';
import { formatTable } from './printer';
import { CfnTemplate, HOLDS_DATA_TYPES } from './template';

export type DataLossKind = 'remove' | 'replace' | 'weakened-policy' | 'lost-protection';

/** One change that would lose what a resource holds, or leave it unprotected. */
export interface DataLoss {
  readonly stackName: string;
  readonly logicalId: string;
  readonly type: string;
  readonly kind: DataLossKind;
  readonly detail: string;
}

const KEEPS = new Set(['Retain', 'RetainExceptOnCreate', 'Snapshot']);

type Resource = NonNullable<CfnTemplate['Resources']>[string];

/** The properties of the data-holding types that protect their data. */
interface ProtectionProperties {
  readonly DeletionProtectionEnabled?: unknown;
  readonly PointInTimeRecoverySpecification?: { readonly PointInTimeRecoveryEnabled?: unknown };
  readonly DeletionProtection?: unknown;
  readonly VersioningConfiguration?: { readonly Status?: unknown };
}

/** Properties whose `true` protects the data and whose loss is a change to approve. */
function protections(resource: Resource): Record<string, boolean> {
  const p = (resource.Properties ?? {}) as ProtectionProperties;
  switch (resource.Type) {
    case 'AWS::DynamoDB::Table':
      return {
        DeletionProtectionEnabled: p.DeletionProtectionEnabled === true,
        'PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled': p.PointInTimeRecoverySpecification?.PointInTimeRecoveryEnabled === true,
      };
    case 'AWS::Cognito::UserPool':
      return { DeletionProtection: p.DeletionProtection === 'ACTIVE' };
    case 'AWS::S3::Bucket':
      return { 'VersioningConfiguration.Status': p.VersioningConfiguration?.Status === 'Enabled' };
    default:
      return {};
  }
}

/**
 * What a deploy would lose, on the resources that hold data:
 * - from the change set (CloudFormation's own verdict, `ResourceChange.Action` and `Replacement`):
 *   a removal, or a replacement (`True` or `Conditional`) — a replaced table or bucket is a new,
 *   empty one;
 * - from the deployed and the new template: a `DeletionPolicy` or `UpdateReplacePolicy` that kept
 *   the resource and no longer does, and a protection turned off (deletion protection, point-in-time
 *   recovery, versioning).
 * `changes` is empty for a direct update (no change set): then only the templates are compared, and a
 * resource missing from the new template counts as removed.
 */
export function dataLosses(stackName: string, changes: Change[], before: CfnTemplate, after: CfnTemplate, useChangeSet: boolean): DataLoss[] {
  const losses: DataLoss[] = [];
  const beforeResources = before.Resources ?? {};
  const afterResources = after.Resources ?? {};
  const holds = (type: string | undefined) => !!type && HOLDS_DATA_TYPES.includes(type);
  if (useChangeSet) {
    for (const change of changes) {
      const rc = change.ResourceChange;
      if (!rc || !holds(rc.ResourceType)) continue;
      const base = { stackName, logicalId: rc.LogicalResourceId!, type: rc.ResourceType! };
      const kept = KEEPS.has(String(beforeResources[base.logicalId]?.DeletionPolicy ?? ''));
      if (rc.Action === 'Remove') {
        losses.push({ ...base, kind: 'remove', detail: kept ? 'removed from the stack (DeletionPolicy keeps it, orphaned)' : 'removed and deleted' });
      } else if (rc.Action === 'Modify' && (rc.Replacement === 'True' || rc.Replacement === 'Conditional')) {
        const causes = (rc.Details ?? []).filter((d) => d.Target?.RequiresRecreation && d.Target.RequiresRecreation !== 'Never').map((d) => d.Target!.Name).filter(Boolean);
        losses.push({ ...base, kind: 'replace', detail: `replaced by a new, empty resource (Replacement: ${rc.Replacement}${causes.length ? `; ${causes.join(', ')}` : ''})` });
      }
    }
  } else {
    for (const [logicalId, resource] of Object.entries(beforeResources)) {
      if (holds(resource.Type) && !afterResources[logicalId]) losses.push({ stackName, logicalId, type: resource.Type, kind: 'remove', detail: 'removed from the template' });
    }
  }
  for (const [logicalId, next] of Object.entries(afterResources)) {
    const previous = beforeResources[logicalId];
    if (!previous || !holds(next.Type) || previous.Type !== next.Type) continue;
    for (const policy of ['DeletionPolicy', 'UpdateReplacePolicy'] as const) {
      if (KEEPS.has(String(previous[policy] ?? '')) && !KEEPS.has(String(next[policy] ?? ''))) {
        losses.push({ stackName, logicalId, type: next.Type, kind: 'weakened-policy', detail: `${policy} ${String(previous[policy])} → ${String(next[policy] ?? 'Delete (absent)')}` });
      }
    }
    const was = protections(previous);
    const now = protections(next);
    for (const [property, on] of Object.entries(was)) {
      if (on && !now[property]) losses.push({ stackName, logicalId, type: next.Type, kind: 'lost-protection', detail: `${property} turned off` });
    }
  }
  return losses;
}

/** The losses not allowed by `--allow-data-loss` (a logical id, or `<stack>/<logical id>`). */
export function unapproved(losses: DataLoss[], allowed: readonly string[]): DataLoss[] {
  return losses.filter((l) => !allowed.includes(l.logicalId) && !allowed.includes(`${l.stackName}/${l.logicalId}`));
}

/** A table of the losses, one line each. */
export function formatLosses(losses: DataLoss[]): string {
  return formatTable(losses.map((l) => [l.logicalId, l.type, l.kind, l.detail])).split('\n').map((line) => `  ${line}`).join('\n');
}
