import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

/**
 * The product domains whose events become account activity. `listbackup.system` is left out:
 * maintenance and health events belong to the platform, not to an account.
 */
export const ACTIVITY_SOURCES = [
  'listbackup.jobs',
  'listbackup.datasync',
  'listbackup.users',
  'listbackup.platforms',
  'listbackup.billing',
] as const;

export interface ActivityRecordingProps {
  /** The product bus (imported). */
  readonly eventBus: events.IEventBus;
  /** Records one event (the `activity` handler). */
  readonly target: lambda.IFunction;
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
        // A failed write is retried for hours; the bus archive can replay anything older.
        retryAttempts: 8,
        maxEventAge: Duration.hours(6),
      })],
    });
  }
}
