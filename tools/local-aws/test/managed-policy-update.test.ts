import { CloudFormationClient, CreateStackCommand, UpdateStackCommand, waitUntilStackCreateComplete, waitUntilStackUpdateComplete } from '@aws-sdk/client-cloudformation';
import { GetPolicyCommand, GetPolicyVersionCommand, IAMClient, ListAttachedRolePoliciesCommand } from '@aws-sdk/client-iam';
import { LocalAws, startLocalAws } from '../src';

/* An update of a managed policy through CloudFormation reaches IAM (launcher/listbackup_local_aws/fixes.py). */
let aws: LocalAws;

beforeAll(async () => {
  aws = await startLocalAws();
});

afterAll(async () => {
  await aws?.stop();
});

const template = (actions: string[], roles: string[]) => JSON.stringify({
  Resources: {
    Reader: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'reader', AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] } } },
    Writer: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'writer', AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] } } },
    Access: {
      Type: 'AWS::IAM::ManagedPolicy',
      DependsOn: ['Reader', 'Writer'],
      Properties: { PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: 'arn:aws:s3:::data/*' }] }, Roles: roles },
    },
  },
  Outputs: { PolicyArn: { Value: { Ref: 'Access' } } },
});

test('a changed document becomes the default version, and changed roles are attached and detached', async () => {
  const config = { endpoint: aws.endpoint, region: aws.env.AWS_REGION, credentials: { accessKeyId: aws.env.AWS_ACCESS_KEY_ID, secretAccessKey: aws.env.AWS_SECRET_ACCESS_KEY } };
  const cfn = new CloudFormationClient(config);
  const iam = new IAMClient(config);
  try {
    await cfn.send(new CreateStackCommand({ StackName: 'policies', TemplateBody: template(['s3:GetObject'], ['reader']), Capabilities: ['CAPABILITY_NAMED_IAM'] }));
    await waitUntilStackCreateComplete({ client: cfn, maxWaitTime: 60, minDelay: 1 }, { StackName: 'policies' });
    await cfn.send(new UpdateStackCommand({ StackName: 'policies', TemplateBody: template(['s3:GetObject', 's3:PutObject'], ['writer']), Capabilities: ['CAPABILITY_NAMED_IAM'] }));
    await waitUntilStackUpdateComplete({ client: cfn, maxWaitTime: 60, minDelay: 1 }, { StackName: 'policies' });

    const arn = (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'writer' }))).AttachedPolicies?.[0]?.PolicyArn;
    expect(arn).toBeDefined();
    expect((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'reader' }))).AttachedPolicies).toEqual([]);
    const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn: arn }));
    const { PolicyVersion } = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: Policy!.DefaultVersionId }));
    const document = JSON.parse(decodeURIComponent(PolicyVersion!.Document!)) as { Statement: Array<{ Action: string[] }> };
    expect(document.Statement[0].Action).toEqual(['s3:GetObject', 's3:PutObject']);
  } finally {
    cfn.destroy();
    iam.destroy();
  }
});
