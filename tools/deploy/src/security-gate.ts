import type * as CloudFormationDiff from '@aws-cdk/cloudformation-diff';
import { CfnTemplate } from './template';

/** When a deploy must be approved, as the CDK CLI's `--require-approval`. */
export type RequireApproval = 'never' | 'broadening' | 'any-change';

export const REQUIRE_APPROVAL_VALUES: readonly RequireApproval[] = ['never', 'broadening', 'any-change'];

/** The security-relevant changes between the deployed and the new template. */
export interface SecurityChanges {
  /** IAM statements, managed policies or resource policies added or widened; security groups opened. */
  readonly broadened: boolean;
  /** Any change to them at all. */
  readonly changed: boolean;
  /** One line per changed statement: `+`/`-`, resource, effect, action, principal, condition. */
  readonly lines: string[];
}

/**
 * The IAM and security-group changes of a deploy, by `@aws-cdk/cloudformation-diff` (what `cdk diff`
 * and `cdk deploy --require-approval` use): identity and resource policies (IAM, S3 bucket, SQS
 * queue, Lambda permission and other policy resources) and security group rules.
 */
export function securityChanges(before: CfnTemplate, after: CfnTemplate): SecurityChanges {
  const diff = cloudFormationDiff().fullDiff({ ...before }, { ...after });
  const rows = [
    ...diff.iamChanges.summarizeStatements().slice(1),
    ...diff.iamChanges.summarizeManagedPolicies().slice(1),
    ...diff.securityGroupChanges.summarize().slice(1),
  ];
  return {
    broadened: diff.permissionsBroadened,
    changed: diff.permissionsAnyChanges,
    // cloudformation-diff colours its cells (chalk, which turns colour on under CI): plain text here.
    lines: rows.map((row) => row.map((cell) => stripAnsi(String(cell)).replace(/\s+/g, ' ')).join(' | ')),
  };
}

/** Whether `changes` need approval under `mode`. */
export function needsApproval(mode: RequireApproval, changes: SecurityChanges): boolean {
  return mode === 'any-change' ? changes.changed : mode === 'broadening' ? changes.broadened : false;
}

function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

let loadedDiff: typeof CloudFormationDiff | undefined;

/**
 * cloudformation-diff (and the resource specification it reads) takes about half a second to
 * load: it is loaded by the first template comparison, so a deploy with nothing to compare (every
 * stack unchanged, or `--require-approval never`) never loads it.
 */
function cloudFormationDiff(): typeof CloudFormationDiff {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load, kept synchronous for callers
  loadedDiff ??= require('@aws-cdk/cloudformation-diff') as typeof CloudFormationDiff;
  return loadedDiff;
}
