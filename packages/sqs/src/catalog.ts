import { kebabCase, resourceName } from '@listbackup/conventions';
import { QueuePriority } from './priority';

/** One queue of the ListBackup catalog. */
export interface QueueSpec {
  /** PascalCase name; the export names and construct id start with it. */
  readonly name: string;
  readonly priority: QueuePriority;
  /** What the queue carries, for the export descriptions. */
  readonly purpose: string;
}

/** The ListBackup queues. The stack, its exports and the importer are all derived from this list. */
export const QUEUE_CATALOG = [
  { name: 'SyncQueue', priority: QueuePriority.HIGH, purpose: 'source sync jobs' },
  { name: 'BackupQueue', priority: QueuePriority.HIGH, purpose: 'backup jobs' },
  { name: 'ExportQueue', priority: QueuePriority.MEDIUM, purpose: 'data export jobs' },
  { name: 'AnalyticsQueue', priority: QueuePriority.LOW, purpose: 'usage analytics' },
  { name: 'MaintenanceQueue', priority: QueuePriority.LOW, purpose: 'housekeeping jobs' },
  { name: 'AlertQueue', priority: QueuePriority.CRITICAL, purpose: 'alerts to people' },
] as const satisfies readonly QueueSpec[];

/** The name of a queue of the catalog, e.g. `SyncQueue`. */
export type QueueName = (typeof QUEUE_CATALOG)[number]['name'];

/** Every queue name of the catalog, in catalog order. */
export const QUEUE_NAMES: readonly QueueName[] = QUEUE_CATALOG.map((q) => q.name);

/** The physical queue name in a stage: `listbackup-<stage>-<queue-kebab>.fifo`. */
export function physicalQueueName(stage: string, name: string): string {
  return `${resourceName(stage, kebabCase(name))}.fifo`;
}

/** The physical dead-letter queue name in a stage: `listbackup-<stage>-<queue-kebab>-dlq.fifo`. */
export function physicalDeadLetterQueueName(stage: string, name: string): string {
  return `${resourceName(stage, kebabCase(name), 'dlq')}.fifo`;
}
