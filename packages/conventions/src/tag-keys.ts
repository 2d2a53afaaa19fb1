/** What manages every resource of this repo. */
export const MANAGED_BY = 'projen-cdk';

/**
 * The keys of the standard tags: the owning service, the stage, and what manages the resource.
 * Tools read a stack's stage from its tags by these keys; the policy rules require them.
 */
export const TAG_KEYS = { service: 'Service', stage: 'Stage', managedBy: 'ManagedBy' } as const;

/** Every standard tag key, which extra tags may not override. */
export const STANDARD_TAG_KEYS: readonly string[] = Object.values(TAG_KEYS);
