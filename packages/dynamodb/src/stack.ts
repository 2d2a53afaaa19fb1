import { RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib/core';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { applyStandardTags, limitGrantsToAwsServices } from '@listbackup/conventions';
import { LISTBACKUP_TABLES, TABLE_NAMES, TableName } from './catalog';
import { DYNAMODB_CONTRACT, DYNAMODB_SERVICE } from './contract';
import { acknowledgeDynamoDbPolicy } from './policy-acknowledgements';
import { SecureTable } from './secure-table';

export interface InfrastructureDynamoDbStackProps extends StackProps {
  /** The stage, e.g. `main`; part of the stack name and of every export name. */
  readonly stage: string;
  /**
   * Extra tags for every resource, besides Service, Stage and ManagedBy.
   * @default - none
   */
  readonly tags?: Record<string, string>;
}

/**
 * The 17 DynamoDB tables of ListBackup, each exported as `<Table>Name` and `<Table>Arn`, encrypted
 * with one rotating customer key (`TablesKey`, exported as `TablesKeyArn`).
 * Physical names are left to CloudFormation; consumers find them through the exports.
 */
export class InfrastructureDynamoDbStack extends Stack {
  /** The tables by catalog name. */
  public readonly tables: Readonly<Record<TableName, SecureTable>>;
  /** The customer key of every table. */
  public readonly tablesKey: kms.Key;

  constructor(scope: Construct, props: InfrastructureDynamoDbStackProps) {
    super(scope, DYNAMODB_CONTRACT.stackName(props.stage), {
      description: `ListBackup DynamoDB tables (${props.stage})`,
      ...props,
    });
    // One key for the 17 tables: they share one trust boundary (the core service reads and writes
    // them), and Users and Billing hold personal data, whose every decrypt the key policy can then
    // restrict, CloudTrail records, and revoking the key stops.
    this.tablesKey = new kms.Key(this, 'TablesKey', {
      description: `Encrypts the ListBackup tables (${props.stage})`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    (this.tablesKey.node.defaultChild as kms.CfnKey).overrideLogicalId('TablesKey');
    limitGrantsToAwsServices(this.tablesKey);
    DYNAMODB_CONTRACT.export(this, props.stage, 'TablesKeyArn', this.tablesKey.keyArn, 'ARN of the customer key of every table');
    const tables = {} as Record<TableName, SecureTable>;
    for (const name of TABLE_NAMES) {
      const table = new SecureTable(this, name, { ...LISTBACKUP_TABLES[name], encryptionKey: this.tablesKey });
      // The logical id is the table's identity in CloudFormation: renaming a construct must not replace data.
      table.cfnTable.overrideLogicalId(name);
      DYNAMODB_CONTRACT.export(this, props.stage, `${name}Name`, table.tableName, `Name of ${name}`);
      DYNAMODB_CONTRACT.export(this, props.stage, `${name}Arn`, table.tableArn, `ARN of ${name}`);
      tables[name] = table;
    }
    this.tables = tables;
    acknowledgeDynamoDbPolicy(Object.values(tables));
    applyStandardTags(this, DYNAMODB_SERVICE, props.stage, props.tags);
  }
}
