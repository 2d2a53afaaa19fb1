import { Attribute, ProjectionType } from 'aws-cdk-lib/aws-dynamodb';

/** One global secondary index of a table. */
export interface GlobalIndexDefinition {
  /** The index name, unique within its table. */
  readonly indexName: string;
  /** The index partition key. */
  readonly partitionKey: Attribute;
  /**
   * The index sort key.
   * @default - no sort key
   */
  readonly sortKey?: Attribute;
  /**
   * Which attributes the index copies.
   * @default ProjectionType.ALL
   */
  readonly projectionType?: ProjectionType;
  /**
   * The attributes copied into an `INCLUDE` index, besides the keys.
   * @default - none
   */
  readonly nonKeyAttributes?: readonly string[];
}

/** The shape of one table: its keys, its global secondary indexes and its TTL attribute. */
export interface TableDefinition {
  /** The table partition key. */
  readonly partitionKey: Attribute;
  /**
   * The table sort key.
   * @default - no sort key
   */
  readonly sortKey?: Attribute;
  /**
   * The global secondary indexes (at most 20).
   * @default - none
   */
  readonly globalSecondaryIndexes?: readonly GlobalIndexDefinition[];
  /**
   * The Number attribute holding each item's expiry time, in epoch seconds.
   * @default - items never expire
   */
  readonly timeToLiveAttribute?: string;
}

/** A set of tables by logical name, e.g. `{ UsersTable: { partitionKey: … } }`. */
export type TableCatalog = Readonly<Record<string, TableDefinition>>;
