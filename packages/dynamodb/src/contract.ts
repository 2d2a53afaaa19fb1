import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { serviceName, ServiceContract, validateStage } from '@listbackup/conventions';
import { LISTBACKUP_TABLES, TABLE_NAMES, TableName } from './catalog';
import { TableDefinition } from './table-definition';

/** The export names of one table (`<Table>Name`, `<Table>Arn`), and the tables' customer key (`TablesKeyArn`). */
export type DynamoDbExportName = `${TableName}Name` | `${TableName}Arn` | 'TablesKeyArn';

export const DYNAMODB_SERVICE = serviceName('dynamodb');

/** Both sides of the DynamoDB stack's exports; the only place their names are spelled. */
export const DYNAMODB_CONTRACT = new ServiceContract<DynamoDbExportName>(
  DYNAMODB_SERVICE,
  [...TABLE_NAMES.flatMap((name) => [`${name}Name`, `${name}Arn`] as const), 'TablesKeyArn'],
);

/** The tables of `InfrastructureDynamoDbStack`, seen from another stack. */
export interface DynamoDbImports {
  /** The table, with its global indexes and the tables' key, so that grants cover `<table>/index/*` and the key. */
  table(name: TableName): dynamodb.ITable;
  /** The customer key all tables are encrypted with; a reader or writer needs `kms:Decrypt` on it. */
  readonly tablesKey: kms.IKey;
  /** The physical table name, e.g. for a Lambda environment variable. */
  tableName(name: TableName): string;
}

/** Reads the DynamoDB stack's exports in another stack of the same account and region. */
export class DynamoDbContract {
  /** Imports the tables of a stage through `Fn::ImportValue` of the names the stack exports. */
  public static import(scope: Construct, stage: string): DynamoDbImports {
    // One holder per stage: two stages imported into one scope never share a table or the key.
    const id = `DynamoDbTables-${validateStage(stage)}`;
    const holder = (scope.node.tryFindChild(id) as Construct | undefined) ?? new Construct(scope, id);
    const tablesKey = (holder.node.tryFindChild('TablesKey') as kms.IKey | undefined)
      ?? kms.Key.fromKeyArn(holder, 'TablesKey', DYNAMODB_CONTRACT.importValue(stage, 'TablesKeyArn'));
    return {
      tablesKey,
      table: (name) => {
        const existing = holder.node.tryFindChild(name) as dynamodb.ITable | undefined;
        if (existing) return existing;
        const definition: TableDefinition = LISTBACKUP_TABLES[name];
        return dynamodb.Table.fromTableAttributes(holder, name, {
          tableArn: DYNAMODB_CONTRACT.importValue(stage, `${name}Arn`),
          globalIndexes: (definition.globalSecondaryIndexes ?? []).map((gsi) => gsi.indexName),
          encryptionKey: tablesKey,
        });
      },
      tableName: (name) => DYNAMODB_CONTRACT.importValue(stage, `${name}Name`),
    };
  }

  /** Every export name of the stack in a stage, e.g. for a deploy-time contract check. */
  public static exportNames(stage: string): string[] {
    return DYNAMODB_CONTRACT.exportNames(stage);
  }

  private constructor() {}
}
