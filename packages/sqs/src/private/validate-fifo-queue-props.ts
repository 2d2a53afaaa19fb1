import { Duration, Token } from 'aws-cdk-lib';
import { failedRules, throwIfInvalid, ValidationRule } from '@listbackup/conventions';
import { IConstruct } from 'constructs';

/** SQS limits, from the SQS developer guide (quotas for queues and messages). */
export const MAX_QUEUE_NAME_LENGTH = 80;
export const MAX_VISIBILITY_TIMEOUT = Duration.hours(12);
export const MIN_RETENTION_PERIOD = Duration.minutes(1);
export const DLQ_RETENTION_PERIOD = Duration.days(14);
const QUEUE_NAME_PATTERN = /^[A-Za-z0-9_-]+\.fifo$/;

/** The values that are checked, already defaulted. */
export interface FifoQueueSettings {
  readonly queueName: string;
  readonly deadLetterQueueName: string;
  readonly maxReceiveCount: number;
  readonly visibilityTimeout: Duration;
  readonly retentionPeriod?: Duration;
}

function resolved(value: string | number | undefined): boolean {
  return value !== undefined && !Token.isUnresolved(value);
}

function nameRules(label: string, name: string): ValidationRule[] {
  if (!resolved(name)) return [];
  return [
    { condition: !name.endsWith('.fifo'), message: `${label} '${name}' must end with '.fifo' (FIFO queues require it)` },
    {
      condition: name.length > MAX_QUEUE_NAME_LENGTH,
      message: `${label} '${name}' is ${name.length} characters long: at most ${MAX_QUEUE_NAME_LENGTH} are allowed, '.fifo' included`,
    },
    {
      condition: name.endsWith('.fifo') && !QUEUE_NAME_PATTERN.test(name),
      message: `${label} '${name}' may contain only letters, digits, '-' and '_' before '.fifo'`,
    },
  ];
}

/**
 * Checks every setting and throws one error that lists every failure, so a caller fixes all of
 * them in one go, and removes the construct from its scope. Unresolved tokens are skipped: their values are only known at deploy time.
 */
export function validateFifoQueueSettings(scope: IConstruct, settings: FifoQueueSettings): void {
  const visibility = settings.visibilityTimeout.toSeconds({ integral: false });
  const retention = settings.retentionPeriod?.toSeconds({ integral: false });
  const rules: ValidationRule[] = [
    ...nameRules('queueName', settings.queueName),
    ...nameRules('deadLetterQueueName', settings.deadLetterQueueName),
    {
      condition: resolved(settings.queueName) && settings.queueName === settings.deadLetterQueueName,
      message: `deadLetterQueueName must differ from queueName '${settings.queueName}'`,
    },
    {
      condition: resolved(settings.maxReceiveCount) &&
        (!Number.isInteger(settings.maxReceiveCount) || settings.maxReceiveCount < 1 || settings.maxReceiveCount > 1000),
      message: `maxReceiveCount must be an integer from 1 to 1000, got ${settings.maxReceiveCount}`,
    },
    {
      condition: resolved(visibility) && (visibility < 0 || visibility > MAX_VISIBILITY_TIMEOUT.toSeconds()),
      message: `visibilityTimeout must be from 0 seconds to 12 hours, got ${visibility} seconds`,
    },
    {
      condition: resolved(retention) && retention! < MIN_RETENTION_PERIOD.toSeconds(),
      message: `retentionPeriod must be at least 1 minute, got ${retention} seconds`,
    },
    {
      // A FIFO message keeps its original enqueue time in the dead-letter queue, so it must
      // arrive there with time to spare or it expires before anyone can look at it.
      condition: resolved(retention) && retention! >= DLQ_RETENTION_PERIOD.toSeconds(),
      message: `retentionPeriod must be shorter than the dead-letter queue's 14 days, got ${retention} seconds`,
    },
  ];
  const failures = failedRules(rules);
  // Bad input changes nothing: the half-built construct leaves the tree before the error.
  if (failures.length > 0) scope.node.scope?.node.tryRemoveChild(scope.node.id);
  throwIfInvalid({ path: scope.node.path, subject: 'FIFO queue settings', failures, fix: 'fix these props of FifoQueueWithDlq and synthesize again' });
}
