// @ts-check
// The layering, checked through the repository's own eslint.config.mjs: each case lints a line of
// code as if it were a file of that project (nothing is written), and names the rule's verdict.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { ESLint } from 'eslint';

const root = path.resolve(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: root });

/** The messages of `listbackup/import-boundaries` for `code` as the file `file`. */
async function boundaryMessages(file, code) {
  const [result] = await eslint.lintText(`${code}\nexport {};\n`, { filePath: path.join(root, file) });
  return result.messages.filter((m) => m.ruleId === 'listbackup/import-boundaries').map((m) => m.message);
}

const FORBIDDEN = [
  ['packages/sqs/src/queues.ts', "import { deploy } from '@listbackup/deploy';", /sqs \(scope:infrastructure\) may not import @listbackup\/deploy \(scope:tool\)/],
  ['packages/conventions/src/names.ts', "import { CoreServiceStack } from '@listbackup/core-service';", /conventions \(scope:shared\) may not import @listbackup\/core-service \(scope:app\)/],
  ['packages/policy/test/pack.test.ts', "import { run } from '@listbackup/local-aws';", /policy \(scope:shared\) may not import @listbackup\/local-aws \(scope:tool\)/],
  ['packages/cognito/src/user-auth.ts', "import { S3Contract } from '@listbackup/s3';", /the library sources of scope:infrastructure projects depend on scope:shared only/],
  ['packages/sqs/test/stack.test.ts', "import { S3Contract } from '@listbackup/s3';", /@listbackup\/s3 is not a declared dependency of sqs/],
  ['packages/sqs/src/contract.ts', "import { template } from '../test/support/template';", /src\/ never imports test\//],
  ['packages/sqs/src/private/queue.ts', "const t = require('../../test/stack.test');", /src\/ never imports test\//],
  ['packages/sqs/src/contract.ts', "import { DataBucket } from '../../s3/src/data-bucket';", /reaches into packages\/s3: import it by its package name, @listbackup\/s3/],
  ['apps/core-service/src/stack.ts', "import { QUEUES } from '@listbackup/sqs/lib/private/queues';", /not a public entry of @listbackup\/sqs: import one of '@listbackup\/sqs'/],
  ['tools/deploy/src/cli.ts', "export * from '@listbackup/conventions/lib/stage';", /not a public entry of @listbackup\/conventions: import one of '@listbackup\/conventions', '@listbackup\/conventions\/names'/],
  ['apps/core-service/src/stack.ts', "import { run } from '@listbackup/local-aws';", /core-service \(scope:app\) may not import @listbackup\/local-aws/],
  ['tools/compliance/src/report.ts', "const x = await import('../../deploy/src/cli');", /reaches into tools\/deploy/],
  ['bench/src/main.ts', "import '../../projenrc/versions';", /leaves bench/],
  // Library sources import runtime dependencies only; the policy packs are for the app entry and tests.
  ['packages/sqs/src/stack.ts', "import { applyPolicy } from '@listbackup/policy';", /@listbackup\/policy is not a runtime dependency of sqs/],
  ['packages/sqs/src/stack.ts', "import { AwsSolutionsChecks } from 'cdk-nag';", /cdk-nag is only a development dependency of sqs: library sources \(src\/\) import its runtime and peer dependencies only/],
  ['apps/core-service/src/stack/stack.ts', "import { NagPackProps } from 'cdk-nag';", /cdk-nag is only a development dependency of core-service/],
  ['packages/cognito/src/stack.ts', "import '../app/main';", /is in the app entry \(app\/\): src\/ never imports it/],
  // The functions' code is bundled into Lambda: no CDK, no stack construct, no entry that loads the CDK.
  ['apps/core-service/src/functions/jobs/jobs-api.ts', "import { Duration } from 'aws-cdk-lib';", /'aws-cdk-lib' may not be imported from src\/functions\/ of core-service: the functions' code runs in Lambda/],
  ['apps/core-service/src/functions/jobs/jobs-api.ts', "import * as s3 from 'aws-cdk-lib/aws-s3';", /'aws-cdk-lib\/aws-s3' may not be imported from src\/functions\//],
  ['apps/core-service/src/functions/worker/job-worker.ts', "import { Construct } from 'constructs';", /'constructs' may not be imported from src\/functions\//],
  ['apps/core-service/src/functions/handlers/jobs.ts', "import { ServiceFunction } from '../../stack/service-function';", /'\.\.\/\.\.\/stack\/service-function' may not be imported from src\/functions\//],
  ['apps/core-service/src/functions/jobs/http.ts', "import { ACCOUNT_ID_CLAIM } from '@listbackup/conventions';", /'@listbackup\/conventions' may not be imported from src\/functions\//],
  ['apps/core-service/src/functions/jobs/job-types.ts', "import { QUEUES } from '@listbackup/sqs';", /'@listbackup\/sqs' may not be imported from src\/functions\//],
];

const ALLOWED = [
  ['packages/cognito/app/main.ts', "import { S3Contract } from '@listbackup/s3';"],
  ['packages/sqs/app/main.ts', "import { applyPolicy } from '@listbackup/policy';\nimport { InfrastructureSqsStack } from '@listbackup/sqs';"],
  ['packages/sqs/app/main.ts', "import { AwsSolutionsChecks } from 'cdk-nag';"],
  ['packages/sqs/test/stack.test.ts', "import { AwsSolutionsChecks } from 'cdk-nag';"],
  ['packages/policy/src/plugins.ts', "import { AwsSolutionsChecks } from 'cdk-nag';"],
  ['apps/core-service/src/functions/jobs/http.ts', "import { ACCOUNT_ID_CLAIM } from '@listbackup/conventions/names';\nimport type { APIGatewayProxyEventV2 } from 'aws-lambda';"],
  ['apps/core-service/src/stack/stack.ts', "import { Duration } from 'aws-cdk-lib';\nimport { ENV } from '../functions/runtime/environment';"],
  ['apps/core-service/test/jobs-api.test.ts', "import { Template } from 'aws-cdk-lib/assertions';\nimport { handleJobsRequest } from '../src/functions/jobs/jobs-api';"],
  ['packages/cognito/test/stack.test.ts', "import { S3Contract } from '@listbackup/s3';"],
  ['packages/sqs/src/stack.ts', "import { exportName } from '@listbackup/conventions';"],
  ['packages/sqs/test/stack.test.ts', "import { applyPolicy } from '@listbackup/policy';\nimport { template } from './support/template';"],
  ['tools/deploy/src/cli.ts', "import { parseExportName } from '@listbackup/conventions/names';"],
  ['apps/core-service/test/support/local.ts', "import { start } from '@listbackup/local-aws';"],
  ['bench/src/main.ts', "import { FakeCloudFormation } from '@listbackup/deploy/testing';"],
];

describe('import boundaries (eslint.config.mjs)', () => {
  for (const [file, code, message] of FORBIDDEN) {
    test(`${file}: ${code} fails lint`, async () => {
      const messages = await boundaryMessages(file, code);
      assert.equal(messages.length, 1, `expected one boundary error, got ${JSON.stringify(messages)}`);
      assert.match(messages[0], message);
    });
  }
  for (const [file, code] of ALLOWED) {
    test(`${file}: ${code} passes`, async () => {
      assert.deepEqual(await boundaryMessages(file, code), []);
    });
  }
});
