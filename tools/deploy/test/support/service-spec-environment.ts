import * as serviceSpec from '@aws-cdk/aws-service-spec';
import NodeEnvironment from 'jest-environment-node';

/** What `share-service-spec.ts` hands to each test file as `@aws-cdk/aws-service-spec`. */
export interface SharedServiceSpec {
  readonly module: typeof serviceSpec;
}

/** The specification, once loaded in this jest worker. */
let database: ReturnType<typeof serviceSpec.loadAwsServiceSpecSync> | undefined;

/**
 * jest's node environment whose test files share one CloudFormation resource specification per
 * jest worker. `@aws-cdk/cloudformation-diff` (the security gate) loads the specification on its
 * first diff of a resource present in both templates and keeps it for the life of the process;
 * jest gives each test file a new module registry, so without this every file parses the
 * 2.6 MB database again (about 2 s of CPU). The database is only read, never changed.
 */
export default class ServiceSpecEnvironment extends NodeEnvironment {
  constructor(...args: ConstructorParameters<typeof NodeEnvironment>) {
    super(...args);
    const shared: SharedServiceSpec = {
      module: { ...serviceSpec, loadAwsServiceSpecSync: () => (database ??= serviceSpec.loadAwsServiceSpecSync()) },
    };
    this.global.listbackupSharedServiceSpec = shared;
  }
}
