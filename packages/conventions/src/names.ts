/**
 * The light entry point, `@listbackup/conventions/names`: stages and names without aws-cdk-lib,
 * for command-line tools that must start fast.
 */
export * from './errors';
export * from './stage';
export * from './environments';
export * from './naming';
export * from './tag-keys';
export * from './event-sources';
export * from './template-imports';
export * from './data-layout';
