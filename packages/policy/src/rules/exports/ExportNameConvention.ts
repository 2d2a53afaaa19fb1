import { CfnResource } from 'aws-cdk-lib/core';
import { parseExportName } from '@listbackup/conventions';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { findingsOrCompliant } from '../../private/rule-result';
import { exportsAttributedTo } from '../../private/stack-outputs';
import { PolicyRule } from '../rule';

/**
 * Every CloudFormation export of the stack follows `<service>-<stage>-<Resource>`. Checked on the
 * resource an export's value comes from (see exportsAttributedTo); findings are `Export::<name>`
 * (or `Export::<output logical id>` when the name is not a plain string).
 */
export const ExportNameConvention: PolicyRule = {
  id: 'ExportNameConvention',
  level: NagMessageLevel.ERROR,
  info: 'A CloudFormation export of the stack does not follow the <service>-<stage>-<Resource> naming convention.',
  explanation: 'Other services import these values by name; an off-convention name breaks every consumer. ' +
    'Build export names with exportName(service, stage, resource) from @listbackup/conventions.',
  check: (node: CfnResource) => {
    const exports = exportsAttributedTo(node);
    if (exports.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
    return findingsOrCompliant(exports
      .filter((e) => typeof e.exportName !== 'string' || parseExportName(e.exportName) === undefined)
      .map((e) => `Export::${typeof e.exportName === 'string' ? e.exportName : e.outputId}`));
  },
};
