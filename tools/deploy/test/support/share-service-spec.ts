import type { SharedServiceSpec } from './service-spec-environment';

// The worker's one loaded specification (service-spec-environment.ts), as this file's module.
jest.mock('@aws-cdk/aws-service-spec', () => {
  const shared = (globalThis as { listbackupSharedServiceSpec?: SharedServiceSpec }).listbackupSharedServiceSpec;
  if (!shared) throw new Error('tools/deploy/jest.config.json: share-service-spec.ts needs the testEnvironment test/support/service-spec-environment.ts');
  return shared.module;
});
