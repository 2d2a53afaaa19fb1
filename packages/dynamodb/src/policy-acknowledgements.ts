import { Validations } from 'aws-cdk-lib/core';
import { SecureTable } from './secure-table';

/**
 * Why the DynamoDB stack departs from a policy rule, one construct at a time.
 *
 * NIST.800.53.R5-DynamoDBInBackupPlan asks for an AWS Backup plan. Every table here has
 * point-in-time recovery instead: restores to any second of the last 35 days, where a daily
 * backup plan loses up to a day of writes. Longer retention and copies to a second account are
 * an organisation-wide AWS Backup policy that selects resources by their `Service` tag, so one
 * vault and one retention rule serve every stack; a plan inside this stack would duplicate it
 * and could not be deployed to the local emulator, which has no CloudFormation support for
 * AWS::Backup resources.
 */
export function acknowledgeDynamoDbPolicy(tables: readonly SecureTable[]): void {
  for (const table of tables) {
    Validations.of(table.cfnTable).acknowledge({
      id: 'NIST.800.53.R5-DynamoDBInBackupPlan',
      reason: 'Point-in-time recovery (35 days, per-second restore) is on; long-term copies come from the ' +
        'organisation AWS Backup policy selecting the Service tag, not a per-stack plan.',
    });
  }
}
