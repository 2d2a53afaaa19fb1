import { Duration } from 'aws-cdk-lib/core';
import { DEAD_LETTER_RETENTION, PropsRule } from '@listbackup/conventions';

/** SQS limits, from the SQS developer guide (quotas for queues and messages). */
export const MAX_QUEUE_NAME_LENGTH = 80;
export const MAX_VISIBILITY_TIMEOUT = Duration.hours(12);
export const MIN_RETENTION_PERIOD = Duration.minutes(1);
const QUEUE_NAME_PATTERN = /^[A-Za-z0-9_-]+\.fifo$/;

/** The values that are checked, already defaulted. */
export interface FifoQueueSettings {
  readonly queueName: string;
  readonly deadLetterQueueName: string;
  readonly maxReceiveCount: number;
  readonly visibilityTimeout: Duration;
  readonly retentionPeriod?: Duration;
}

const seconds = (d: Duration): number => d.toSeconds({ integral: false });

function nameRules(label: string, nameOf: (s: FifoQueueSettings) => string): PropsRule<FifoQueueSettings>[] {
  const reads = (s: FifoQueueSettings) => [nameOf(s)];
  return [
    { reads, condition: (s) => !nameOf(s).endsWith('.fifo'), message: (s) => `${label} '${nameOf(s)}' must end with '.fifo' (FIFO queues require it)` },
    {
      reads,
      condition: (s) => nameOf(s).length > MAX_QUEUE_NAME_LENGTH,
      message: (s) => `${label} '${nameOf(s)}' is ${nameOf(s).length} characters long: at most ${MAX_QUEUE_NAME_LENGTH} are allowed, '.fifo' included`,
    },
    {
      reads,
      condition: (s) => nameOf(s).endsWith('.fifo') && !QUEUE_NAME_PATTERN.test(nameOf(s)),
      message: (s) => `${label} '${nameOf(s)}' may contain only letters, digits, '-' and '_' before '.fifo'`,
    },
  ];
}

/** What `FifoQueueWithDlq` checks, over its defaulted settings. */
export const FIFO_QUEUE_RULES: readonly PropsRule<FifoQueueSettings>[] = [
  ...nameRules('queueName', (s) => s.queueName),
  ...nameRules('deadLetterQueueName', (s) => s.deadLetterQueueName),
  {
    reads: (s) => [s.queueName],
    condition: (s) => s.queueName === s.deadLetterQueueName,
    message: (s) => `deadLetterQueueName must differ from queueName '${s.queueName}'`,
  },
  {
    reads: (s) => [s.maxReceiveCount],
    condition: (s) => !Number.isInteger(s.maxReceiveCount) || s.maxReceiveCount < 1 || s.maxReceiveCount > 1000,
    message: (s) => `maxReceiveCount must be an integer from 1 to 1000, got ${s.maxReceiveCount}`,
  },
  {
    reads: (s) => [s.visibilityTimeout],
    condition: (s) => seconds(s.visibilityTimeout) < 0 || seconds(s.visibilityTimeout) > MAX_VISIBILITY_TIMEOUT.toSeconds(),
    message: (s) => `visibilityTimeout must be from 0 seconds to 12 hours, got ${seconds(s.visibilityTimeout)} seconds`,
  },
  {
    reads: (s) => [s.retentionPeriod],
    condition: (s) => s.retentionPeriod !== undefined && seconds(s.retentionPeriod) < MIN_RETENTION_PERIOD.toSeconds(),
    message: (s) => `retentionPeriod must be at least 1 minute, got ${seconds(s.retentionPeriod!)} seconds`,
  },
  {
    // A FIFO message keeps its original enqueue time in the dead-letter queue, so it must
    // arrive there with time to spare or it expires before anyone can look at it.
    reads: (s) => [s.retentionPeriod],
    condition: (s) => s.retentionPeriod !== undefined && seconds(s.retentionPeriod) >= DEAD_LETTER_RETENTION.toSeconds(),
    message: (s) => `retentionPeriod must be shorter than the dead-letter queue's ${DEAD_LETTER_RETENTION.toDays()} days, got ${seconds(s.retentionPeriod!)} seconds`,
  },
];
