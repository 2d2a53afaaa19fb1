export * from './runtime/environment';
export * from './jobs/job-types';
export * from './jobs/job-request';
export * from './jobs/jobs-api';
export * from './worker/job-worker';
export * from './activity/record-activity';
