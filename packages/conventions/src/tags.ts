import { Tags } from 'aws-cdk-lib/core';
import { IConstruct } from 'constructs';
import { ConfigurationError } from './errors';
import { MANAGED_BY, STANDARD_TAG_KEYS, TAG_KEYS } from './tag-keys';

/** The tags every resource carries: `Service`, `Stage`, `ManagedBy`, plus the caller's. */
export function standardTags(service: string, stage: string, extra: Record<string, string> = {}): Record<string, string> {
  for (const key of STANDARD_TAG_KEYS) {
    if (key in extra) {
      throw new ConfigurationError('InvalidTags', `tag '${key}' is set by the conventions and cannot be overridden: remove it from the extra tags`);
    }
  }
  return { [TAG_KEYS.service]: service, [TAG_KEYS.stage]: stage, [TAG_KEYS.managedBy]: MANAGED_BY, ...extra };
}

/** Applies the standard tags to a scope and everything in it. */
export function applyStandardTags(scope: IConstruct, service: string, stage: string, extra: Record<string, string> = {}): void {
  for (const [key, value] of Object.entries(standardTags(service, stage, extra))) {
    Tags.of(scope).add(key, value);
  }
}
