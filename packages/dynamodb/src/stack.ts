import { RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { applyStandardTags, serviceName, ServiceContract } from '@listbackup/conventions';

export const DYNAMODB_SERVICE = serviceName('dynamodb');
export const DYNAMODB_CONTRACT = new ServiceContract(DYNAMODB_SERVICE, ['UsersTableName', 'UsersTableArn'] as const);

export interface InfrastructureDynamoDbStackProps extends StackProps {
  readonly stage: string;
  readonly tags?: Record<string, string>;
}

/** The DynamoDB tables of ListBackup, exported under the conventional names. */
export class InfrastructureDynamoDbStack extends Stack {
  constructor(scope: Construct, props: InfrastructureDynamoDbStackProps) {
    super(scope, DYNAMODB_CONTRACT.stackName(props.stage), props);
    const users = new dynamodb.Table(this, 'UsersTable', {
      partitionKey: { name: 'userId', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    DYNAMODB_CONTRACT.export(this, props.stage, 'UsersTableName', users.tableName);
    DYNAMODB_CONTRACT.export(this, props.stage, 'UsersTableArn', users.tableArn);
    applyStandardTags(this, DYNAMODB_SERVICE, props.stage, props.tags);
  }
}
