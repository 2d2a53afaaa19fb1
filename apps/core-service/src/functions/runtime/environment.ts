/**
 * The environment variables the stack gives each function. One list, used by the stack to set them
 * and by the handlers to read them, so a renamed variable is a compile error on both sides.
 */
export const ENV = {
  JOBS_TABLE: 'JOBS_TABLE_NAME',
  JOB_LOGS_TABLE: 'JOB_LOGS_TABLE_NAME',
  ACTIVITY_TABLE: 'ACTIVITY_TABLE_NAME',
  DATA_BUCKET: 'DATA_BUCKET_NAME',
  EVENT_BUS: 'EVENT_BUS_NAME',
  SYNC_QUEUE_URL: 'SYNC_QUEUE_URL',
  BACKUP_QUEUE_URL: 'BACKUP_QUEUE_URL',
  EXPORT_QUEUE_URL: 'EXPORT_QUEUE_URL',
  ANALYTICS_QUEUE_URL: 'ANALYTICS_QUEUE_URL',
  MAINTENANCE_QUEUE_URL: 'MAINTENANCE_QUEUE_URL',
} as const;

export type EnvName = (typeof ENV)[keyof typeof ENV];

/**
 * Reads the named variables; a missing one fails the cold start with every missing name at once,
 * rather than a confusing SDK error on the first request.
 */
export function readEnvironment<K extends EnvName>(names: readonly K[], env: NodeJS.ProcessEnv = process.env): Record<K, string> {
  const missing = names.filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new Error(`missing environment variable${missing.length > 1 ? 's' : ''} ${missing.join(', ')}: the CoreServiceStack sets them; set them when running a handler by hand`);
  }
  return Object.fromEntries(names.map((name) => [name, env[name] as string])) as Record<K, string>;
}
