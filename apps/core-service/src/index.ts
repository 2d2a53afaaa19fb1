// The Lambda functions' code (src/functions/), for tests and tools that run it.
export * from './functions/runtime/environment';
export * from './functions/jobs/job-types';
export * from './functions/jobs/job-request';
export * from './functions/jobs/jobs-api';
export * from './functions/worker/job-worker';
export * from './functions/activity/record-activity';
// The stack and its constructs (src/stack/), also `@listbackup/core-service/stack`: the app entry
// imports that one, so synth loads no AWS SDK client of the functions.
export * from './stack';
