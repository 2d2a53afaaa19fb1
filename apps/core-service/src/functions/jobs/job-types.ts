/** The kinds of job a client can request, and the queue each one goes to. */
export const JOB_QUEUES = {
  sync: 'SyncQueue',
  backup: 'BackupQueue',
  export: 'ExportQueue',
  analytics: 'AnalyticsQueue',
  maintenance: 'MaintenanceQueue',
} as const;

export type JobType = keyof typeof JOB_QUEUES;
export const JOB_TYPES = Object.keys(JOB_QUEUES) as JobType[];

export const JOB_PRIORITIES = ['low', 'normal', 'high'] as const;
export type JobPriority = (typeof JOB_PRIORITIES)[number];

/** The job's life: pending (stored) → queued (on its queue) → completed or failed (worker). */
export type JobStatus = 'pending' | 'queued' | 'completed' | 'failed';

/** A job as JobsTable holds it. */
export interface Job {
  readonly jobId: string;
  readonly accountId: string;
  readonly userId: string;
  readonly type: JobType;
  readonly sourceId: string;
  readonly priority: JobPriority;
  readonly status: JobStatus;
  /** Epoch milliseconds; the sort key of the AccountIndex and SourceIndex. */
  readonly createdAt: number;
  /** Epoch milliseconds; the sort key of the StatusIndex. */
  readonly scheduledAt: number;
  readonly idempotencyKey: string;
  /** A hash of the request that created the job: the same key with another request is a conflict. */
  readonly requestHash: string;
  readonly enqueuedAt?: number;
  readonly completedAt?: number;
  readonly resultKey?: string;
  readonly error?: string;
}

/** What a queue message carries: enough to run the job without reading the request again. */
export type JobMessage = Pick<Job, 'jobId' | 'accountId' | 'userId' | 'type' | 'sourceId' | 'priority'>;
