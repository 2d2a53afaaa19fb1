import { JOB_PRIORITIES, JOB_TYPES, JobMessage } from '../jobs/job-types';

/** Parses a queue message body; throws naming what is wrong, so the failure is logged with a reason. */
export function parseJobMessage(body: string): JobMessage {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    throw new Error(`message body is not JSON: ${(error as Error).message}`, { cause: error });
  }
  const input = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const problems = [
    ...['jobId', 'accountId', 'userId', 'sourceId'].filter((f) => typeof input[f] !== 'string' || input[f] === '').map((f) => `${f} missing`),
    ...((JOB_TYPES as unknown[]).includes(input.type) ? [] : [`type ${JSON.stringify(input.type)} unknown`]),
    ...((JOB_PRIORITIES as readonly unknown[]).includes(input.priority) ? [] : [`priority ${JSON.stringify(input.priority)} unknown`]),
  ];
  if (problems.length > 0) throw new Error(`message is not a job: ${problems.join(', ')}`);
  return input as unknown as JobMessage;
}
