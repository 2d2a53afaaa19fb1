import { Attribute, AttributeType } from 'aws-cdk-lib/aws-dynamodb';
import { GlobalIndexDefinition, TableCatalog } from './table-definition';

const string = (name: string): Attribute => ({ name, type: AttributeType.STRING });
const number = (name: string): Attribute => ({ name, type: AttributeType.NUMBER });
const index = (indexName: string, partitionKey: Attribute, sortKey?: Attribute): GlobalIndexDefinition =>
  ({ indexName, partitionKey, sortKey });

/**
 * The 17 tables of ListBackup, as the original system defined them. Every index projects ALL:
 * the handlers read whole items from index queries, and the tables are small enough that the
 * extra storage costs less than a second read per item.
 */
export const LISTBACKUP_TABLES = {
  UsersTable: {
    partitionKey: string('userId'),
    globalSecondaryIndexes: [index('EmailIndex', string('email'))],
  },
  AccountsTable: {
    partitionKey: string('accountId'),
    globalSecondaryIndexes: [
      index('ParentAccountIndex', string('parentAccountId')),
      index('OwnerIndex', string('ownerUserId')),
    ],
  },
  UserAccountsTable: {
    partitionKey: string('userId'),
    sortKey: string('accountId'),
    globalSecondaryIndexes: [index('AccountUsersIndex', string('accountId'), string('userId'))],
  },
  ActivityTable: {
    partitionKey: string('accountId'),
    sortKey: number('timestamp'),
    globalSecondaryIndexes: [index('UserActivityIndex', string('userId'), number('timestamp'))],
    timeToLiveAttribute: 'ttl',
  },
  PlatformsTable: {
    partitionKey: string('platformId'),
    globalSecondaryIndexes: [index('CategoryIndex', string('category'))],
  },
  PlatformConnectionsTable: {
    partitionKey: string('connectionId'),
    globalSecondaryIndexes: [
      index('AccountIndex', string('accountId')),
      index('PlatformIndex', string('platformId')),
    ],
  },
  PlatformSourcesTable: {
    partitionKey: string('platformSourceId'),
    globalSecondaryIndexes: [index('PlatformIndex', string('platformId'))],
  },
  SourcesTable: {
    partitionKey: string('sourceId'),
    globalSecondaryIndexes: [
      index('AccountIndex', string('accountId')),
      index('ConnectionIndex', string('connectionId')),
      index('GroupIndex', string('groupId')),
    ],
  },
  SourceGroupsTable: {
    partitionKey: string('groupId'),
    globalSecondaryIndexes: [index('AccountIndex', string('accountId'))],
  },
  JobsTable: {
    partitionKey: string('jobId'),
    globalSecondaryIndexes: [
      index('AccountIndex', string('accountId'), number('createdAt')),
      index('SourceIndex', string('sourceId'), number('createdAt')),
      index('StatusIndex', string('status'), number('scheduledAt')),
    ],
  },
  JobLogsTable: {
    partitionKey: string('jobId'),
    sortKey: number('timestamp'),
    timeToLiveAttribute: 'ttl',
  },
  TeamsTable: {
    partitionKey: string('teamId'),
    globalSecondaryIndexes: [index('AccountIndex', string('accountId'))],
  },
  TeamMembersTable: {
    partitionKey: string('teamId'),
    sortKey: string('userId'),
    globalSecondaryIndexes: [index('UserTeamsIndex', string('userId'), string('teamId'))],
  },
  NotificationsTable: {
    partitionKey: string('userId'),
    sortKey: string('notificationId'),
    globalSecondaryIndexes: [index('AccountIndex', string('accountId'), number('createdAt'))],
    timeToLiveAttribute: 'ttl',
  },
  BillingTable: {
    partitionKey: string('accountId'),
    globalSecondaryIndexes: [index('CustomerIndex', string('customerId'))],
  },
  BillingUsageTable: {
    partitionKey: string('accountId'),
    sortKey: string('period'),
    timeToLiveAttribute: 'ttl',
  },
  TagsTable: {
    partitionKey: string('accountId'),
    sortKey: string('tagId'),
    globalSecondaryIndexes: [index('NameIndex', string('accountId'), string('name'))],
  },
} satisfies TableCatalog;

/** The name of one ListBackup table, e.g. `UsersTable`. */
export type TableName = keyof typeof LISTBACKUP_TABLES;

/** Every ListBackup table name, in catalog order. */
export const TABLE_NAMES = Object.keys(LISTBACKUP_TABLES) as TableName[];
