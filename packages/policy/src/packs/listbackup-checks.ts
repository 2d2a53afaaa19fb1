import { CfnResource } from 'aws-cdk-lib/core';
import { NagPack, NagPackProps } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { PolicyRule } from '../rules/rule';
import { LISTBACKUP_RULES } from './listbackup-rules';

export { LISTBACKUP_RULES };

/** ListBackup's own policy pack: used like cdk-nag's packs, rule ids `ListBackup-<RuleId>`. */
export class ListBackupChecks extends NagPack {
  public readonly name = 'ListBackup';
  public override readonly ruleIds: string[];

  constructor(scope?: IConstruct, props?: NagPackProps, private readonly rules: readonly PolicyRule[] = LISTBACKUP_RULES) {
    super(scope, props);
    this.packName = 'ListBackup';
    this.ruleIds = rules.map((r) => `${this.packName}-${r.id}`);
  }

  protected checkResource(node: CfnResource): void {
    for (const rule of this.rules) {
      this.applyRule({
        ruleSuffixOverride: rule.id,
        info: rule.info,
        explanation: rule.explanation,
        level: rule.level,
        rule: rule.check,
        node,
      });
    }
  }
}
