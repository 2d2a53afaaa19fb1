import { Duration } from 'aws-cdk-lib/core';

/**
 * How long a dead-letter queue keeps a message: SQS's longest retention, so that a failed message
 * outlasts a long weekend and an investigation. The queues, the functions' own dead-letter queues
 * and the policy rule that checks them all read it from here.
 */
export const DEAD_LETTER_RETENTION = Duration.days(14);
