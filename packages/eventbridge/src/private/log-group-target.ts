import { ArnFormat, Stack } from 'aws-cdk-lib/core';
import * as events from 'aws-cdk-lib/aws-events';
import * as logs from 'aws-cdk-lib/aws-logs';

/**
 * Delivers matched events to a log group. aws-events-targets' CloudWatchLogGroup writes the log
 * resource policy through a Lambda-backed custom resource; here the policy is a plain
 * AWS::Logs::ResourcePolicy owned by DomainEventBus, so this target only names the log group.
 */
export class LogGroupTarget implements events.IRuleTarget {
  constructor(private readonly logGroup: logs.ILogGroup) {}

  public bind(): events.RuleTargetConfig {
    // EventBridge wants the log group ARN without the ':*' suffix of its GetAtt Arn.
    return { arn: logGroupArnWithoutSuffix(this.logGroup) };
  }
}

/** `arn:<partition>:logs:<region>:<account>:log-group:<name>`. */
export function logGroupArnWithoutSuffix(logGroup: logs.ILogGroup): string {
  return Stack.of(logGroup).formatArn({
    service: 'logs', resource: 'log-group', resourceName: logGroup.logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}
