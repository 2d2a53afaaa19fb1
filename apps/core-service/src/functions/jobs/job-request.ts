import { JOB_PRIORITIES, JOB_TYPES, JobPriority, JobType } from './job-types';

/** A validated `POST /jobs` body. */
export interface JobRequest {
  readonly type: JobType;
  readonly sourceId: string;
  readonly priority: JobPriority;
}

/** One reason a request was refused, naming the field. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export type ParseResult = { ok: true; request: JobRequest } | { ok: false; errors: FieldError[] };

const SOURCE_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;

/** Validates a raw request body; every problem is reported at once, each naming its field. */
export function parseJobRequest(body: string | undefined | null): ParseResult {
  if (body === undefined || body === null || body.trim() === '') {
    return { ok: false, errors: [{ field: 'body', message: 'the request has no body: send a JSON object {"type", "sourceId", "priority"}' }] };
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    return { ok: false, errors: [{ field: 'body', message: `the body is not valid JSON (${(error as Error).message})` }] };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, errors: [{ field: 'body', message: 'the body must be a JSON object {"type", "sourceId", "priority"}' }] };
  }
  const input = value as Record<string, unknown>;
  const rules: Array<{ field: string; failed: boolean; message: string }> = [
    { field: 'type', failed: input.type === undefined, message: `type is required: one of ${JOB_TYPES.join(', ')}` },
    {
      field: 'type',
      failed: input.type !== undefined && !(JOB_TYPES as unknown[]).includes(input.type),
      message: `type ${JSON.stringify(input.type)} is unknown: use one of ${JOB_TYPES.join(', ')}`,
    },
    { field: 'sourceId', failed: input.sourceId === undefined, message: 'sourceId is required: the id of the source to work on' },
    {
      field: 'sourceId',
      failed: input.sourceId !== undefined && (typeof input.sourceId !== 'string' || !SOURCE_ID_PATTERN.test(input.sourceId)),
      message: 'sourceId must be a string of 1–128 letters, digits or _.:-',
    },
    { field: 'priority', failed: input.priority === undefined, message: `priority is required: one of ${JOB_PRIORITIES.join(', ')}` },
    {
      field: 'priority',
      failed: input.priority !== undefined && !(JOB_PRIORITIES as readonly unknown[]).includes(input.priority),
      message: `priority ${JSON.stringify(input.priority)} is unknown: use one of ${JOB_PRIORITIES.join(', ')}`,
    },
  ];
  const known = new Set(['type', 'sourceId', 'priority']);
  const unknownFields = Object.keys(input).filter((key) => !known.has(key));
  const errors: FieldError[] = rules.filter((r) => r.failed).map(({ field, message }) => ({ field, message }));
  for (const field of unknownFields) errors.push({ field, message: `${field} is not a field of a job request: remove it` });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, request: { type: input.type as JobType, sourceId: input.sourceId as string, priority: input.priority as JobPriority } };
}
