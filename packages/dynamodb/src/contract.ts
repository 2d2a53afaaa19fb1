import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { ContractImport, importContract, serviceName, ServiceContract } from '@listbackup/conventions';
import { LISTBACKUP_TABLES, TABLE_NAMES, TableName } from './catalog';
import { TableDefinition } from './table-definition';
import { ITEM_OPERATION_KEY_ACTIONS, ItemOperation } from './private/table-actions';

export type { ItemOperation } from './private/table-actions';

/** The export names of one table (`<Table>Name`, `<Table>Arn`), and the tables' customer key (`TablesKeyArn`). */
export type DynamoDbExportName = `${TableName}Name` | `${TableName}Arn` | 'TablesKeyArn';

export const DYNAMODB_SERVICE = serviceName('dynamodb');

/** Both sides of the DynamoDB stack's exports; the only place their names are spelled. */
export const DYNAMODB_CONTRACT = new ServiceContract<DynamoDbExportName>(
  DYNAMODB_SERVICE,
  [...TABLE_NAMES.flatMap((name) => [`${name}Name`, `${name}Arn`] as const), 'TablesKeyArn'],
);

/**
 * The tables of `InfrastructureDynamoDbStack` in one stage, seen from another stack of the same
 * account and region (id `listbackup-infrastructure-dynamodb-<stage>`). Each table and the key is
 * imported once, with `Fn::ImportValue` of the names the stack exports.
 */
export class ImportedTables extends ContractImport<DynamoDbExportName> {
  /** Use `DynamoDbContract.import(scope, stage)`, which imports a stage once a scope. */
  constructor(scope: Construct, id: string, stage: string) {
    super(scope, id, DYNAMODB_CONTRACT, stage);
  }

  /** The customer key all tables are encrypted with; a reader or writer needs `kms:Decrypt` on it. */
  public get tablesKey(): kms.IKey {
    return this.once('TablesKey', (scope, id) => kms.Key.fromKeyArn(scope, id, this.importValue('TablesKeyArn')));
  }

  /** The table, with its global indexes and the tables' key, so that grants cover `<table>/index/*` and the key. */
  public table(name: TableName): dynamodb.ITable {
    return this.once(name, (scope, id) => dynamodb.Table.fromTableAttributes(scope, id, {
      tableArn: this.importValue(`${name}Arn`),
      globalIndexes: ((LISTBACKUP_TABLES[name] as TableDefinition).globalSecondaryIndexes ?? []).map((gsi) => gsi.indexName),
      encryptionKey: this.tablesKey,
    }));
  }

  /** The physical table name, e.g. for a Lambda environment variable. */
  public tableName(name: TableName): string {
    return this.importValue(`${name}Name`);
  }

  /**
   * Lets `grantee` make exactly these single-item calls on one table: `dynamodb:<operation>` on the
   * table (not its indexes), and on the tables' key what those calls take: `kms:Decrypt`,
   * `kms:DescribeKey` for `GetItem` and `DeleteItem`, also `kms:Encrypt`, `kms:GenerateDataKey`
   * for `PutItem` and `UpdateItem`. One statement for the table, one for the key.
   */
  public grantItems(grantee: iam.IGrantable, name: TableName, ...operations: ItemOperation[]): iam.Grant {
    const keyActions = [...new Set(operations.flatMap((op) => ITEM_OPERATION_KEY_ACTIONS[op]))].sort();
    return iam.Grant.addToPrincipal({
      grantee, actions: operations.map((op) => `dynamodb:${op}`), resourceArns: [this.table(name).tableArn],
    }).combine(iam.Grant.addToPrincipal({ grantee, actions: keyActions, resourceArns: [this.tablesKey.keyArn] }));
  }
}

/** Reads the DynamoDB stack's exports in another stack of the same account and region. */
export class DynamoDbContract {
  /** The tables of `stage`; calling it again in the same scope and stage returns the same imports. */
  public static import(scope: Construct, stage: string): ImportedTables {
    return importContract(scope, DYNAMODB_CONTRACT, stage, (s, id) => new ImportedTables(s, id, stage));
  }

  /** Every export name of the stack in a stage, e.g. for a deploy-time contract check. */
  public static exportNames(stage: string): string[] {
    return DYNAMODB_CONTRACT.exportNames(stage);
  }

  private constructor() {}
}
