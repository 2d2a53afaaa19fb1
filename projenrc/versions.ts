/**
 * Every third-party version the monorepo uses, declared once.
 *
 * Subprojects never install on their own and never take `*`: projen resolves `*` from an
 * installed node_modules, which a workspace subproject does not have at synth time, and
 * would drop the dependency silently. `WorkspacePackage` refuses any dependency not listed here.
 */
export const VERSIONS = {
  'projen': '0.103.25',
  'typescript': '~5.9.3',
  'ts-node': '10.9.2',
  'aws-cdk-lib': '2.276.0',
  'constructs': '10.8.1',
  'cdk-nag': '3.0.2',
  'aws-cdk': '2.1148.1',
  // nx release's JavaScript version actions live in @nx/js, whose newest release is 23.3.1;
  // nx and @nx/js must match, so the workspace stays on nx 23 until @nx/js 24 exists.
  'nx': '23.3.1',
  '@nx/js': '23.3.1',
  'jest': '^30.5.2',
  'ts-jest': '^29.4.15',
  '@types/jest': '^30.0.0',
  // A package's own jest environment extends jest's node environment.
  'jest-environment-node': '^30.5.2',
  '@types/node': '^20',
  '@types/aws-lambda': '^8.10.164',
  'esbuild': '^0.28.2',
  '@aws-sdk/client-cloudformation': '~3.1169.0',
  '@aws-sdk/client-dynamodb': '~3.1169.0',
  '@aws-sdk/lib-dynamodb': '~3.1169.0',
  '@aws-sdk/client-sqs': '~3.1169.0',
  '@aws-sdk/client-s3': '~3.1169.0',
  '@aws-sdk/client-eventbridge': '~3.1169.0',
  '@aws-sdk/client-cognito-identity-provider': '~3.1169.0',
  '@aws-sdk/client-ssm': '~3.1169.0',
  // The registry serves these clients up to 3.1164.x.
  '@aws-sdk/client-cognito-identity': '~3.1164.0',
  '@aws-sdk/client-lambda': '~3.1164.0',
  '@aws-sdk/client-apigatewayv2': '~3.1169.0',
  '@aws-sdk/client-iam': '~3.1169.0',
  '@aws-sdk/client-sts': '~3.1169.0',
  '@aws-sdk/client-cloudwatch-logs': '~3.1169.0',
  '@aws-sdk/client-ecr': '~3.1169.0',
  // What the CDK CLI publishes file and docker assets with, through the manifest's publishing roles.
  '@aws-cdk/cdk-assets-lib': '1.5.0',
  // What `cdk deploy` uses to find widened IAM permissions and resource policies.
  '@aws-cdk/cloudformation-diff': '2.187.5',
  // The CloudFormation resource specification cloudformation-diff reads (its own range).
  '@aws-cdk/aws-service-spec': '^0.1.208',
  // The CDK's own types and reader of a cloud assembly's manifest.json (what aws-cdk-lib 2.276 writes: 55.x).
  '@aws-cdk/cloud-assembly-schema': '55.6.0',
  'ajv': '^8.20.0',
  'ajv-formats': '^3.0.1',
  '@types/sarif': '^2.1.7',
  '@microsoft/jest-sarif': '1.0.0-beta.0',
  // Ships the cfn-guard binary per platform and AWS Control Tower's proactive-control rules: no download at run time.
  '@cdklabs/cdk-validator-cfnguard': '0.0.62',
  // Lint: one root run over every project (typescript-eslint supports TypeScript below 6.1).
  'eslint': '~10.16.0',
  '@eslint/js': '~10.0.1',
  'typescript-eslint': '~8.74.0',
  // The committed API report of every published package (etc/<name>.api.md).
  '@microsoft/api-extractor': '~7.60.1',
  // docs/API.md is rendered from API Extractor's doc model: its reader, and the TSDoc comments in it
  // (the versions API Extractor itself installs).
  '@microsoft/api-extractor-model': '~7.33.16',
  '@microsoft/tsdoc': '~0.17.1',
} as const;

export type PinnedDependency = keyof typeof VERSIONS;

/** `name@range` for projen's dependency lists. */
export function pinned(name: PinnedDependency): string {
  return `${name}@${VERSIONS[name]}`;
}

/** The version every workspace package of this repo carries. */
export const WORKSPACE_VERSION = '0.1.0';
