import { EVENT_SOURCES, resourceName } from '@listbackup/conventions';
import { DomainRuleSpec } from './domain-event-bus';

/** The ListBackup domain rules; the stack, its exports and the importer derive from this list. */
export const RULE_CATALOG = [
  { id: 'DataSyncEventsRule', sourcePrefixes: [EVENT_SOURCES.dataSync], description: 'Source sync progress and results' },
  { id: 'JobEventsRule', sourcePrefixes: [EVENT_SOURCES.jobs], description: 'Job lifecycle: created, started, finished, failed' },
  { id: 'UserEventsRule', sourcePrefixes: [EVENT_SOURCES.users], description: 'Sign-ups, profile and membership changes' },
  { id: 'BillingEventsRule', sourcePrefixes: [EVENT_SOURCES.billing], description: 'Subscriptions, invoices and usage' },
  { id: 'PlatformEventsRule', sourcePrefixes: [EVENT_SOURCES.platforms], description: 'Platform connections and sources' },
  { id: 'SystemEventsRule', sourcePrefixes: [EVENT_SOURCES.system], description: 'Maintenance and health of the platform itself' },
] as const satisfies readonly DomainRuleSpec[];

/** The id of a catalog rule, e.g. `JobEventsRule`. */
export type RuleName = (typeof RULE_CATALOG)[number]['id'];

export const RULE_NAMES: readonly RuleName[] = RULE_CATALOG.map((r) => r.id);

/** The bus name in a stage: `listbackup-<stage>`. */
export function eventBusName(stage: string): string {
  return resourceName(stage);
}
