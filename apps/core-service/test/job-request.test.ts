import { parseJobRequest } from '../src/functions/jobs/job-request';
import { readEnvironment, ENV } from '../src/functions/runtime/environment';

describe('parseJobRequest', () => {
  test('accepts a complete request', () => {
    expect(parseJobRequest('{"type":"backup","sourceId":"src_1:a","priority":"normal"}'))
      .toEqual({ ok: true, request: { type: 'backup', sourceId: 'src_1:a', priority: 'normal' } });
  });

  test('reports every problem at once', () => {
    const result = parseJobRequest('{"type":"nope","sourceId":"","priority":null}');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.field)).toEqual(['type', 'sourceId', 'priority']);
  });
});

describe('readEnvironment', () => {
  test('names every missing variable and says who sets it', () => {
    expect(() => readEnvironment([ENV.JOBS_TABLE, ENV.SYNC_QUEUE_URL], { JOBS_TABLE_NAME: 't' }))
      .toThrow('missing environment variable SYNC_QUEUE_URL: the CoreServiceStack sets them');
    expect(readEnvironment([ENV.JOBS_TABLE], { JOBS_TABLE_NAME: 't' })).toEqual({ JOBS_TABLE_NAME: 't' });
  });
});
