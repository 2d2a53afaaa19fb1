import { CfnResource } from 'aws-cdk-lib/core';
import { NagMessageLevel, NagRuleResult } from 'cdk-nag';

/**
 * One policy rule: a pure function of a `CfnResource` plus what a reviewer reads when it fires.
 * The rule id is the file name; the pack reports it as `ListBackup-<id>`.
 */
export interface PolicyRule {
  readonly id: string;
  readonly level: NagMessageLevel;
  /** What is wrong, in one sentence. */
  readonly info: string;
  /** Why it matters and how to fix it. */
  readonly explanation: string;
  readonly check: (node: CfnResource) => NagRuleResult;
}
