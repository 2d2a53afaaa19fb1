import { resourceName } from '@listbackup/conventions';
import { DomainRuleSpec } from './domain-event-bus';

/** The ListBackup domain rules; the stack, its exports and the importer derive from this list. */
export const RULE_CATALOG = [
  { id: 'DataSyncEventsRule', sourcePrefixes: ['listbackup.datasync'], description: 'Source sync progress and results' },
  { id: 'JobEventsRule', sourcePrefixes: ['listbackup.jobs'], description: 'Job lifecycle: created, started, finished, failed' },
  { id: 'UserEventsRule', sourcePrefixes: ['listbackup.users'], description: 'Sign-ups, profile and membership changes' },
  { id: 'BillingEventsRule', sourcePrefixes: ['listbackup.billing'], description: 'Subscriptions, invoices and usage' },
  { id: 'PlatformEventsRule', sourcePrefixes: ['listbackup.platforms'], description: 'Platform connections and sources' },
  { id: 'SystemEventsRule', sourcePrefixes: ['listbackup.system'], description: 'Maintenance and health of the platform itself' },
] as const satisfies readonly DomainRuleSpec[];

/** The id of a catalog rule, e.g. `JobEventsRule`. */
export type RuleName = (typeof RULE_CATALOG)[number]['id'];

export const RULE_NAMES: readonly RuleName[] = RULE_CATALOG.map((r) => r.id);

/** The bus name in a stage: `listbackup-<stage>`. */
export function eventBusName(stage: string): string {
  return resourceName(stage);
}
