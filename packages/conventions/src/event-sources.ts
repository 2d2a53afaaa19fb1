import { PRODUCT } from './naming';

/**
 * The EventBridge `source` of each product domain, `listbackup.<domain>`. The bus's rules match
 * them, the functions emit them and the activity rule selects from them: all read them here.
 */
export const EVENT_SOURCES = {
  dataSync: `${PRODUCT}.datasync`,
  jobs: `${PRODUCT}.jobs`,
  users: `${PRODUCT}.users`,
  billing: `${PRODUCT}.billing`,
  platforms: `${PRODUCT}.platforms`,
  system: `${PRODUCT}.system`,
} as const;

/** The source of one product domain, e.g. `listbackup.jobs`. */
export type DomainEventSource = (typeof EVENT_SOURCES)[keyof typeof EVENT_SOURCES];
