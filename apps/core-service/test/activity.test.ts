import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { EVENT_SOURCES } from '@listbackup/conventions/names';
import { ACTIVITY_RETENTION_DAYS, ActivityDeps, ProductEvent, recordActivity } from '../src/functions/activity/record-activity';
import { LocalInfrastructure, startLocalInfrastructure } from './support/local-infrastructure';

let infra: LocalInfrastructure;
let deps: ActivityDeps;

beforeAll(async () => {
  infra = await startLocalInfrastructure();
  deps = { documents: infra.clients.documents, activityTable: infra.tables.ActivityTable };
});
afterAll(() => infra?.stop());

/** An event as EventBridge delivers it to a rule target. */
function productEvent(detail: Record<string, unknown>, overrides: Partial<ProductEvent> = {}): ProductEvent {
  return {
    'version': '0',
    'id': randomUUID(),
    'detail-type': 'JobCompleted',
    'source': EVENT_SOURCES.jobs,
    'account': '123456789012',
    'time': '2026-11-27T10:15:30Z',
    'region': 'us-east-1',
    'resources': [],
    detail,
    ...overrides,
  };
}

async function activityOf(accountId: string) {
  const result = await infra.clients.documents.send(new QueryCommand({
    TableName: infra.tables.ActivityTable, KeyConditionExpression: 'accountId = :a', ExpressionAttributeValues: { ':a': accountId },
  }));
  return result.Items ?? [];
}

test('records the event under its account with a TTL', async () => {
  const accountId = `acct-${randomUUID()}`;
  const event = productEvent({ accountId, userId: 'user-1', jobId: 'job-1', status: 'completed' });
  await recordActivity(event, deps);
  const items = await activityOf(accountId);
  expect(items).toHaveLength(1);
  const eventSeconds = Date.parse(event.time) / 1000;
  expect(items[0]).toMatchObject({
    accountId, eventId: event.id, source: EVENT_SOURCES.jobs, detailType: 'JobCompleted', userId: 'user-1',
    detail: { jobId: 'job-1', status: 'completed' },
    ttl: eventSeconds + ACTIVITY_RETENTION_DAYS * 24 * 3600,
  });
  expect(items[0].timestamp).toBeGreaterThanOrEqual(Date.parse(event.time));
  expect(items[0].timestamp).toBeLessThan(Date.parse(event.time) + 1000);
});

test('many events of one account in the same second are all kept', async () => {
  const accountId = `acct-${randomUUID()}`;
  const events = Array.from({ length: 25 }, (_, i) => productEvent({ accountId, n: i }));
  for (const event of events) await recordActivity(event, deps);
  const items = await activityOf(accountId);
  expect(items.map((i) => i.eventId).sort()).toEqual(events.map((e) => e.id).sort());
});

test('a redelivered event is recorded once', async () => {
  const accountId = `acct-${randomUUID()}`;
  const event = productEvent({ accountId });
  const first = await recordActivity(event, deps);
  const second = await recordActivity(event, deps);
  expect(second.timestamp).toBe(first.timestamp);
  expect(await activityOf(accountId)).toHaveLength(1);
});

test('an event without an account is refused and writes nothing', async () => {
  const event = productEvent({ userId: 'user-1' });
  await expect(recordActivity(event, deps)).rejects.toThrow(/has no detail.accountId: it cannot be filed under an account/);
  await expect(recordActivity(productEvent({ accountId: 'acct-x' }, { time: 'yesterday' }), deps)).rejects.toThrow(/invalid time 'yesterday'/);
  expect(await activityOf('acct-x')).toHaveLength(0);
});
