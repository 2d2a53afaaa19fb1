import { Duration } from 'aws-cdk-lib/core';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EVENT_SOURCES } from '@listbackup/conventions/names';

/**
 * The product domains whose events become account activity. `listbackup.system` is left out:
 * maintenance and health events belong to the platform, not to an account.
 */
export const ACTIVITY_SOURCES = [
  EVENT_SOURCES.jobs,
  EVENT_SOURCES.dataSync,
  EVENT_SOURCES.users,
  EVENT_SOURCES.platforms,
  EVENT_SOURCES.billing,
] as const;

export interface ActivityRecordingProps {
  /** The product bus (imported). */
  readonly eventBus: events.IEventBus;
  /** Records one event (the `activity` handler). */
  readonly target: lambda.IFunction;
  /** Where an event goes that EventBridge could not deliver to the function (the function's own DLQ). */
  readonly deadLetterQueue: sqs.IQueue;
}

/**
 * A rule on the product bus that sends every account-scoped event of the activity sources to the
 * activity function. Events without `detail.accountId` are not matched: they cannot be filed.
 */
export class ActivityRecording extends Construct {
  public readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: ActivityRecordingProps) {
    super(scope, id);
    this.rule = new events.Rule(this, 'Rule', {
      eventBus: props.eventBus,
      description: 'Account activity: job, sync, user, platform and billing events',
      eventPattern: {
        source: [...ACTIVITY_SOURCES],
        detail: { accountId: events.Match.exists() },
      },
      targets: [new targets.LambdaFunction(props.target, {
        // These retries cover delivery only (throttling, a missing permission): EventBridge hands
        // the event to Lambda asynchronously, and a function error is Lambda's to retry (twice),
        // after which Lambda sends the event to the function's dead-letter queue. An event
        // EventBridge could not deliver within these limits goes to the same queue.
        retryAttempts: 8,
        maxEventAge: Duration.hours(6),
        deadLetterQueue: props.deadLetterQueue,
      })],
    });
  }
}
