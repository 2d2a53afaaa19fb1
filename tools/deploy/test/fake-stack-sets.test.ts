import { FakeStackSets } from '../src/testing';

/*
 * The fake's StackSet engine against StackSetOperationPreferences (AWS CloudFormation API
 * Reference): read right after an operation starts, with instances that take long, the results
 * show how many accounts the engine works on at once.
 */
const ACCOUNTS = ['111111111111', '222222222222', '333333333333', '444444444444', '555555555555', '666666666666'];

function started(preferences: Record<string, unknown>) {
  const engine = new FakeStackSets();
  engine.instanceLatencyMs = 60_000;
  engine.handle('CreateStackSet', { StackSetName: 'set', TemplateBody: '{}' });
  const { OperationId } = engine.handle('CreateStackInstances', { StackSetName: 'set', Accounts: ACCOUNTS, Regions: ['us-east-1', 'eu-west-1'], OperationPreferences: preferences }) as { OperationId: string };
  const results = (engine.handle('ListStackSetOperationResults', { StackSetName: 'set', OperationId }) as { Summaries: { Status: string; Region: string }[] }).Summaries;
  const running = results.filter((r) => r.Status === 'RUNNING');
  return { engine, running: running.length, regions: [...new Set(running.map((r) => r.Region))] };
}

test('STRICT_FAILURE_TOLERANCE (the default) works on at most FailureToleranceCount + 1 accounts at once', () => {
  expect(started({ MaxConcurrentCount: 4, FailureToleranceCount: 1 })).toMatchObject({ running: 2, regions: ['us-east-1'] });
});

test('SOFT_FAILURE_TOLERANCE keeps MaxConcurrentCount; percentages round down', () => {
  expect(started({ MaxConcurrentCount: 4, ConcurrencyMode: 'SOFT_FAILURE_TOLERANCE' })).toMatchObject({ running: 4 });
  expect(started({ MaxConcurrentPercentage: 50, ConcurrencyMode: 'SOFT_FAILURE_TOLERANCE' })).toMatchObject({ running: 3 });
});

test('regions go one after another in RegionOrder, or all at once with PARALLEL', () => {
  expect(started({ MaxConcurrentCount: 6, FailureToleranceCount: 5, RegionOrder: ['eu-west-1', 'us-east-1'] })).toMatchObject({ running: 6, regions: ['eu-west-1'] });
  expect(started({ MaxConcurrentCount: 6, FailureToleranceCount: 5, RegionConcurrencyType: 'PARALLEL' })).toMatchObject({ running: 12 });
});

test('one operation at a time per StackSet, and count and percentage are not both taken', () => {
  const { engine } = started({});
  expect(() => engine.handle('UpdateStackSet', { StackSetName: 'set', TemplateBody: '{"a":1}' })).toThrow(expect.objectContaining({ name: 'OperationInProgressException' }));
  const other = new FakeStackSets();
  other.handle('CreateStackSet', { StackSetName: 'x', TemplateBody: '{}' });
  expect(() => other.handle('CreateStackInstances', { StackSetName: 'x', Accounts: ACCOUNTS, Regions: ['us-east-1'], OperationPreferences: { MaxConcurrentCount: 1, MaxConcurrentPercentage: 10 } }))
    .toThrow(/Only one of MaxConcurrentCount and MaxConcurrentPercentage/);
  expect(() => other.handle('DescribeStackSet', { StackSetName: 'missing' })).toThrow(expect.objectContaining({ name: 'StackSetNotFoundException' }));
});
