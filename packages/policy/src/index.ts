export * from './plugins';
export * from './report';
export * from './rules/rule';
export * from './packs/listbackup-checks';
export { WILDCARD_RESOURCE_ACTIONS } from './private/wildcard-resource-actions';
export { DLQ_MIN_RETENTION_SECONDS } from './rules/sqs/SQSDLQRetention';
