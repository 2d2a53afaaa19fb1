import { Duration } from 'aws-cdk-lib/core';

/** How urgently a queue's messages must be worked off; it selects the redrive defaults. */
export enum QueuePriority {
  /** Alerts to people: retried most before they are parked, and retried soon. */
  CRITICAL = 'critical',
  /** Sync and backup runs: long jobs, so a long visibility timeout. */
  HIGH = 'high',
  /** Exports: minutes-long jobs. */
  MEDIUM = 'medium',
  /** Analytics and maintenance: short jobs that may simply wait for the next run. */
  LOW = 'low',
}

/** The redrive defaults of one priority. */
export interface PrioritySettings {
  /** Receives before a message moves to the dead-letter queue. */
  readonly maxReceiveCount: number;
  /** How long a received message stays hidden from other consumers. */
  readonly visibilityTimeout: Duration;
}

/**
 * Redrive defaults per priority. The visibility timeout covers the longest expected handler run
 * (a high-priority backup may use a Lambda function's full 15 minutes), so a message is not handed
 * to a second consumer while the first still works on it; the receive count says how many failures
 * are worth retrying before a person should look at the message in the dead-letter queue.
 */
export const PRIORITY_SETTINGS: Readonly<Record<QueuePriority, PrioritySettings>> = {
  [QueuePriority.CRITICAL]: { maxReceiveCount: 10, visibilityTimeout: Duration.seconds(60) },
  [QueuePriority.HIGH]: { maxReceiveCount: 5, visibilityTimeout: Duration.minutes(15) },
  [QueuePriority.MEDIUM]: { maxReceiveCount: 3, visibilityTimeout: Duration.minutes(5) },
  [QueuePriority.LOW]: { maxReceiveCount: 3, visibilityTimeout: Duration.minutes(2) },
};
