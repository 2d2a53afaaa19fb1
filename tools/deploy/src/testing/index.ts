/**
 * `@listbackup/deploy/testing`: an in-memory CloudFormation that follows the documented API, for
 * tests and benchmarks of anything that deploys through this package.
 */
export * from './fake-cloudformation';
export * from './fake-stack';
export * from './fake-sts';
export * from './fake-resources';
export * from './fake-s3';
