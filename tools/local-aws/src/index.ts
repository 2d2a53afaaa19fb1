export * from './errors';
export * from './moto-install';
export * from './local-aws';
export * from './background';
export { LOCAL_ACCOUNT_ID } from './private/server-process';
export { ASSETS_BUCKET, BOOTSTRAP_VERSION, BOOTSTRAP_VERSION_PARAMETER, LOCAL_REGION } from './private/seed';
export * from './iam-enforcement';
