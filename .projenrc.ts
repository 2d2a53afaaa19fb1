// The source of the infrastructure list, read as it is: projen runs before anything is built.
import { INFRASTRUCTURE_KINDS, InfrastructureKind } from './packages/conventions/src/naming';
import { checkInfrastructureKinds, InfraPackage } from './projenrc/infra-package';
import { ListBackupMonorepo } from './projenrc/monorepo';
import { StackPackage, SYNTH_EXECUTOR } from './projenrc/stack-package';
import { API_DOCS, WorkspacePackage } from './projenrc/workspace-package';

const root = new ListBackupMonorepo();

const conventions = new WorkspacePackage({
  parent: root,
  outdir: 'packages/conventions',
  name: 'conventions',
  description: 'ListBackup naming, stages, tags and the cross-stack export contract',
  scope: 'shared',
  peerDeps: ['aws-cdk-lib', 'constructs'],
});

// `@listbackup/conventions/names` loads no aws-cdk-lib: the deploy CLI starts in a fraction of the time.
conventions.addSubpathExport('names', 'names');

const policy = new WorkspacePackage({
  parent: root,
  outdir: 'packages/policy',
  name: 'policy',
  description: 'cdk-nag packs of ListBackup (ListBackupChecks) and the helpers every policy test uses',
  scope: 'shared',
  peerDeps: ['aws-cdk-lib', 'constructs', 'cdk-nag'],
  workspaceDeps: [conventions],
});
// `@listbackup/policy/testing`: the assertion every stack's policy test makes.
policy.addSubpathExport('testing', 'testing');
// `@listbackup/policy/synth`: applyPolicy and the synth results, for app entries and their tests,
// without cdk-nag's declarations (and the whole of aws-cdk-lib's they import) in the type check.
policy.addSubpathExport('synth', 'synth');
// RULES.md, the rules catalogue, is checked by a test of the package and written by this task.
policy.addTask('rules', {
  description: 'Write RULES.md from the pack and its negative fixtures',
  exec: 'jest --ci test/rules-catalogue.test.ts',
  env: { WRITE_RULES_CATALOGUE: '1', CDK_VALIDATION: 'false' },
});

// The executor of every stack project's nx target `synth`: nx gives it all the synths of a run that
// its cache does not answer, and it builds each app in one process, into the app's own cdk.out.
const synthExecutor = new WorkspacePackage({
  parent: root,
  outdir: 'tools/synth-executor',
  name: SYNTH_EXECUTOR.project,
  description: 'The nx executor of the stack projects\' synth: the apps of one nx run synthesized in one process, each into its own cdk.out',
  scope: 'tool',
  publishable: false,
  peerDeps: ['aws-cdk-lib', 'constructs'],
  workspaceDeps: [conventions],
});
// nx resolves a workspace project's executor through the package's exports first, else from its
// TypeScript sources (through ts-node): the compiled entries, exported, are what it loads.
synthExecutor.addSubpathExport('executor', 'executor');
synthExecutor.addSubpathExport('batch', 'batch');
synthExecutor.addExecutors({
  synth: {
    implementation: './executor',
    batchImplementation: './batch',
    schema: './synth.schema.json',
    // nx batches the synth tasks of a run without being asked (--batch); --batch=false runs them one by one.
    preferBatch: true,
    description: 'Synthesizes the stack project\'s app (app/lib/main.js, buildApp) into its cdk.out, with the policy packs',
  },
});

const infra = (kind: InfrastructureKind, description: string, importsFrom: InfraPackage[] = []): InfraPackage =>
  new InfraPackage({ parent: root, kind, description, conventions, policy, importsFrom });
const dynamodb = infra('dynamodb', 'DynamoDB tables with PITR, encryption, deletion protection, and the ListBackup table catalog');
const s3 = infra('s3', 'Encrypted, versioned, private data bucket with access logs, and the ListBackup bucket stack');
const sqs = infra('sqs', 'FIFO queues with FIFO dead-letter queues, and the ListBackup queue catalog');
const eventbridge = infra('eventbridge', 'A domain event bus with an account-only policy, archive and logged rules, and the ListBackup bus');
// The identity pool's role reaches the data bucket and its key through the S3 stack's exports.
const cognito = infra('cognito', 'User pool, web client, hosted-UI domain and identity pool, and the ListBackup user-auth stack', [s3]);
const infrastructure = [dynamodb, s3, sqs, eventbridge, cognito];
// One package per kind of the conventions, in their order: synth fails when the two lists disagree.
checkInfrastructureKinds(infrastructure, INFRASTRUCTURE_KINDS);

// What every tool knows about the repository: its root, its stack projects, their cloud assemblies.
const repository = new WorkspacePackage({
  parent: root,
  outdir: 'tools/repository',
  name: 'repository',
  description: 'The repository root, its stack projects and their cloud assemblies, for every tool of the repository',
  scope: 'tool',
  publishable: false,
  deps: ['@aws-cdk/cloud-assembly-schema'],
  // The tests read assemblies the CDK synthesizes.
  devDeps: ['aws-cdk-lib', 'constructs'],
  workspaceDeps: [conventions],
});

// The one command-line style of the tools: declarative parsing, generated usage, exit codes, Ctrl-C.
const cli = new WorkspacePackage({
  parent: root,
  outdir: 'tools/cli',
  name: 'cli',
  description: 'The command-line style of the ListBackup tools: parsing from a declarative spec, usage, exit codes and Ctrl-C',
  scope: 'tool',
  publishable: false,
});

// The renderer of every published package's docs/API.md: the `docs` target of each runs it over
// the doc model its `api` target wrote (API Extractor), after this package's build.
new WorkspacePackage({
  parent: root,
  outdir: 'tools/api-docs',
  name: API_DOCS.project,
  description: 'Renders a package\'s docs/API.md from the doc model API Extractor writes (<name>.api.json)',
  scope: 'tool',
  publishable: false,
  deps: ['@microsoft/api-extractor-model', '@microsoft/tsdoc'],
  // The tests make the doc model of a small fixture with API Extractor itself.
  devDeps: ['@microsoft/api-extractor'],
  workspaceDeps: [cli],
  bin: { [API_DOCS.command]: 'lib/cli.js' },
});

const localAws = new WorkspacePackage({
  parent: root,
  outdir: 'tools/local-aws',
  name: 'local-aws',
  description: 'Starts and stops the local AWS emulator (moto server) on loopback',
  scope: 'tool',
  publishable: false,
  deps: ['@aws-sdk/client-ssm', '@aws-sdk/client-s3'],
  // The tests call the emulator as other principals, with IAM enforcement on.
  devDeps: ['@aws-sdk/client-sqs', '@aws-sdk/client-dynamodb', '@aws-sdk/client-iam', '@aws-sdk/client-sts', '@aws-sdk/client-cloudformation'],
  // The emulator's virtualenv lives at the repository root.
  workspaceDeps: [cli, repository],
  bin: { 'listbackup-local-aws': 'lib/cli.js' },
});

const deploy: WorkspacePackage = new WorkspacePackage({
  parent: root,
  outdir: 'tools/deploy',
  name: 'deploy',
  description: 'Change-set deploys of the ListBackup stacks over @aws-sdk/client-cloudformation',
  scope: 'tool',
  publishable: false,
  deps: [
    '@aws-sdk/client-cloudformation', '@aws-sdk/client-s3', '@aws-sdk/client-sts', '@aws-sdk/client-dynamodb',
    '@aws-sdk/client-sqs', '@aws-sdk/client-eventbridge', '@aws-sdk/client-cognito-identity-provider',
    // The CDK bootstrap version is read from SSM before a deploy changes anything.
    '@aws-sdk/client-ssm',
    // File and docker assets are published as the CDK CLI does it, with the publishing roles.
    '@aws-cdk/cdk-assets-lib', '@aws-sdk/client-ecr',
    '@aws-cdk/cloudformation-diff',
  ],
  // aws-cdk-lib and constructs synthesize the stacks of the moto integration test.
  devDeps: ['aws-cdk-lib', 'constructs', 'jest-environment-node', '@aws-cdk/aws-service-spec'],
  // `listbackup-deploy local` starts the emulator of local-aws.
  workspaceDeps: [cli, conventions, repository, localAws],
  bin: { 'listbackup-deploy': 'lib/cli.js' },
  // The security gate's diffs load the CloudFormation resource specification: once per jest worker.
  // Two workers: the moto and nx tests wait on other processes most of their time (jest's default
  // on two cores is one worker).
  jest: { testEnvironment: 'test/support/service-spec-environment.ts', setupFiles: ['test/support/share-service-spec.ts'], maxWorkers: 2 },
});

const coreService = new StackPackage({
  parent: root,
  outdir: 'apps/core-service',
  name: 'core-service',
  description: 'ListBackup core service: HTTP API and Lambda handlers over the infrastructure contracts',
  scope: 'app',
  publishable: false,
  deps: [
    'aws-cdk-lib', 'constructs',
    '@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb', '@aws-sdk/client-sqs', '@aws-sdk/client-s3',
    '@aws-sdk/client-eventbridge',
    // The stack bundles the handlers with esbuild's API (src/stack/service-function.ts).
    'esbuild',
  ],
  devDeps: ['cdk-nag', '@types/aws-lambda'],
  workspaceDeps: [conventions, ...infrastructure],
  // Handler tests run against moto started by local-aws: one emulator per jest worker, for the whole run.
  workspaceDevDeps: [policy, localAws],
  jest: { globalSetup: 'test/support/start-emulators.ts', globalTeardown: 'test/support/stop-emulators.ts' },
});
// `@listbackup/core-service/stack`: the stack and its constructs without the functions' code.
coreService.addSubpathExport('stack', 'stack/index');
// The Lambda functions' code (src/functions/) is bundled by esbuild into each function: it loads
// neither the CDK nor a package entry that does (conventions/names is the one that does not; the
// package's own entry exports the stack), nor the stack's constructs (src/stack/), which may import it.
const cdkLoading = [conventions.packageName, ...[coreService, ...infrastructure].flatMap((p) => [p.packageName, `${p.packageName}/**`])];
coreService.restrictImports({
  folder: 'src/functions',
  modules: ['aws-cdk-lib', 'aws-cdk-lib/**', 'constructs', 'constructs/**', ...cdkLoading],
  folders: ['src/stack'],
  reason: 'the functions\' code runs in Lambda, bundled by esbuild, without the CDK; the stack (src/stack/) references it, never the reverse',
});

const compliance = new WorkspacePackage({
  parent: root,
  outdir: 'tools/compliance',
  name: 'compliance',
  description: 'Collects cdk-nag results of every stack into HTML, Markdown, SARIF, JUnit and JSON reports',
  scope: 'tool',
  publishable: false,
  // cfn-guard and the Control Tower proactive-control rules run over every template.
  deps: ['ajv', 'ajv-formats', '@cdklabs/cdk-validator-cfnguard'],
  // The tests synthesize real apps with the policy packs.
  devDeps: ['@types/sarif', '@microsoft/jest-sarif', 'aws-cdk-lib', 'constructs', 'cdk-nag'],
  workspaceDeps: [cli, conventions, policy, repository],
  bin: { 'listbackup-compliance': 'lib/cli.js' },
});

// The whole system on the local emulator: the six synthesized stacks deployed through the deploy
// tool, then read back through each service's own API.
const stacks = [...infrastructure, coreService];
const stackProjects = stacks.map((p) => p.projectName);
root.addStageDeployTasks(stacks);
const e2e = new WorkspacePackage({
  parent: root,
  outdir: 'tools/e2e',
  name: 'e2e',
  description: 'The six stacks of a stage deployed to the local emulator and read back through each service\'s API',
  scope: 'tool',
  publishable: false,
  deps: [
    '@aws-sdk/client-cloudformation', '@aws-sdk/client-cognito-identity-provider', '@aws-sdk/client-cognito-identity',
    '@aws-sdk/client-iam', '@aws-sdk/client-s3', '@aws-sdk/client-dynamodb', '@aws-sdk/client-sqs',
    '@aws-sdk/client-eventbridge', '@aws-sdk/client-cloudwatch-logs', '@aws-sdk/client-lambda', '@aws-sdk/client-apigatewayv2',
    // The journey takes each function role's credentials from STS, as Lambda does.
    '@aws-sdk/client-sts',
  ],
  workspaceDeps: [conventions, ...infrastructure, coreService],
  // The run's global setup starts the emulator and deploys the synthesized stacks once, with the
  // deploy tool's `local` command; the journey and the system read-back share them.
  workspaceDevDeps: [deploy, localAws, repository],
  jest: { globalSetup: 'test/support/start-deployment.ts', globalTeardown: 'test/support/stop-deployment.ts' },
});
e2e.addNxTarget('test', 'test', { dependsOn: ['build', { target: 'synth', projects: stackProjects }] });
// The user journey against the stage `npx projen deploy:local` left running, with IAM enforcement on.
e2e.addTask('journey', {
  description: 'One user journey against the running local deployment (npx projen deploy:local first), IAM enforced',
  exec: 'jest --ci test/journey.test.ts',
  env: { LISTBACKUP_JOURNEY_TARGET: 'running' },
});
e2e.addNxTarget('journey', 'journey', { dependsOn: ['build'] });
root.addTask('e2e:local', {
  description: 'Run the user journey against the local deployment of npx projen deploy:local, with IAM enforcement on',
  exec: 'nx run e2e:journey --output-style=stream',
});

// Proves the packages work from their published tarballs, in a new npm project outside the repo.
const packageConsumer = new WorkspacePackage({
  parent: root,
  outdir: 'tools/package-consumer',
  name: 'package-consumer',
  description: 'Installs the packed construct packages into a fresh project, compiles their README examples and a consumer app, synthesizes it',
  scope: 'tool',
  publishable: false,
  workspaceDeps: [repository],
  workspaceDevDeps: [conventions, policy, ...infrastructure],
});
// The tarballs carry docs/API.md, so the packages' docs come before this test.
packageConsumer.addNxTarget('test', 'test', { dependsOn: ['build', '^docs'] });

// `@listbackup/deploy/testing`: the CloudFormation fake, for tests and benchmarks of deploys.
deploy.addSubpathExport('testing', 'testing/index');

// Benchmarks (not tests): ratios against anchors measured in the same run.
const bench = new WorkspacePackage({
  parent: root,
  outdir: 'bench',
  name: 'bench',
  description: 'Benchmarks of synth, policy, build cache, affected builds, deploy graph and scale',
  scope: 'tool',
  publishable: false,
  deps: ['aws-cdk-lib', 'constructs', 'aws-cdk', 'ts-node', '@aws-sdk/client-cloudformation'],
  workspaceDeps: [conventions, policy, deploy, localAws, repository, infrastructure[0]],
});
// RESULTS.md is committed from a full run; CI's quick run writes RESULTS.quick.md, not kept.
bench.gitignore.exclude('/RESULTS.quick.md');
// synth-vs-cdk's anchors write beside each stack project's cdk.out (removed after the measure).
root.gitignore.exclude('.bench-*.out/');
root.addTask('bench', {
  description: 'Run the benchmarks and write bench/RESULTS.md (--quick: the CI subset)',
  steps: [{ exec: 'nx run bench:build' }, { exec: 'node bench/lib/main.js', receiveArgs: true }],
});

// The compliance report reads every stack's policy results, so it runs after every synth.
compliance.addTask('report', {
  description: 'Write reports/compliance/ from every synthesized stack (cdk-nag, cfn-lint, checkov, AWS Control Tower)',
  exec: 'node lib/cli.js --cfn-lint --checkov --control-tower --screenshot',
  receiveArgs: true,
});
compliance.addNxTarget('report', 'report', {
  dependsOn: ['build', { target: 'synth', projects: stackProjects }],
  // Cached: the same synthesized templates, skips and tool give the same report.
  inputs: ['production', '^production', { dependentTasksOutputFiles: '**/*.json' }],
  outputs: ['{workspaceRoot}/reports/compliance'],
  cache: true,
});

root.synth();
