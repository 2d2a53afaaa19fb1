import { CfnResource, TagManager } from 'aws-cdk-lib/core';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { TAG_KEYS } from '@listbackup/conventions';
import { PolicyRule } from '../rule';

const REQUIRED = [TAG_KEYS.service, TAG_KEYS.stage];

/** Every taggable resource carries the `Service` and `Stage` tags (cost allocation, ownership). */
export const ServiceStageTags: PolicyRule = {
  id: 'ServiceStageTags',
  level: NagMessageLevel.ERROR,
  info: 'The resource does not carry both the Service and Stage tags.',
  explanation: 'Service and Stage tags attribute cost and ownership and scope IAM conditions. ' +
    'Apply them with applyStandardTags(scope, service, stage) from @listbackup/conventions.',
  check: (node: CfnResource) => {
    if (!TagManager.isTaggable(node)) return NagRuleCompliance.NOT_APPLICABLE;
    const keys = new Set(node.tags.tagValues ? Object.keys(node.tags.tagValues()) : []);
    return REQUIRED.every((k) => keys.has(k)) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
