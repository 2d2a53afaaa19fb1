import { createHash } from 'node:crypto';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { EventBridgeEvent } from 'aws-lambda';

export interface ActivityDeps {
  readonly documents: DynamoDBDocumentClient;
  readonly activityTable: string;
}

/** Activity is kept this long; the table's TTL removes it afterwards. */
export const ACTIVITY_RETENTION_DAYS = 90;

/** The product events carry the account (and usually the user) in their detail. */
export type ProductEvent = EventBridgeEvent<string, { accountId?: unknown; userId?: unknown; [key: string]: unknown }>;

/** What ActivityTable holds for one event. */
export interface ActivityItem {
  readonly accountId: string;
  /** Epoch milliseconds: the sort key, unique within the account. */
  readonly timestamp: number;
  readonly eventId: string;
  readonly source: string;
  readonly detailType: string;
  readonly userId?: string;
  readonly detail: Record<string, unknown>;
  /** Epoch seconds after which DynamoDB's TTL removes the item. */
  readonly ttl: number;
}

/**
 * Records one product event in ActivityTable. EventBridge delivers at least once and its `time`
 * has whole seconds, so the sort key is the event time plus an offset derived from the event id
 * (spreads one second's events over its milliseconds); a clash with another event moves to the next
 * free millisecond, and a redelivery of the same event is recognised and written once.
 *
 * @throws when the event carries no account: EventBridge then retries and parks it in the target's DLQ
 */
export async function recordActivity(event: ProductEvent, deps: ActivityDeps): Promise<ActivityItem> {
  const accountId = event.detail?.accountId;
  if (typeof accountId !== 'string' || accountId === '') {
    throw new Error(`event ${event.id} (${event.source} ${event['detail-type']}) has no detail.accountId: it cannot be filed under an account`);
  }
  const eventTime = Date.parse(event.time);
  if (Number.isNaN(eventTime)) throw new Error(`event ${event.id} has an invalid time '${event.time}'`);
  const offset = parseInt(createHash('sha256').update(event.id).digest('hex').slice(0, 8), 16) % 1000;
  const base: Omit<ActivityItem, 'timestamp'> = {
    accountId,
    eventId: event.id,
    source: event.source,
    detailType: event['detail-type'],
    userId: typeof event.detail.userId === 'string' ? event.detail.userId : undefined,
    detail: event.detail,
    ttl: Math.floor(eventTime / 1000) + ACTIVITY_RETENTION_DAYS * 24 * 3600,
  };
  for (let step = 0; step < 1000; step++) {
    const item: ActivityItem = { ...base, timestamp: eventTime + offset + step };
    try {
      await deps.documents.send(new PutCommand({ TableName: deps.activityTable, Item: item, ConditionExpression: 'attribute_not_exists(accountId)' }));
      return item;
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      const existing = await deps.documents.send(new GetCommand({ TableName: deps.activityTable, Key: { accountId, timestamp: item.timestamp }, ConsistentRead: true }));
      if (existing.Item?.eventId === event.id) return existing.Item as ActivityItem;
    }
  }
  throw new Error(`no free activity timestamp for account ${accountId} near ${event.time}`);
}
