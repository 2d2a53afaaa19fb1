import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { iamEnforcement, LocalAws, setIamEnforcement, startLocalAws } from '../src';

/*
 * The launcher's IAM enforcement (launcher/listbackup_local_aws/iam.py) on its own: the switch, the
 * root user, resource ARNs and policy variables. The user journey in tools/e2e exercises the rest
 * (identity-pool sessions, principal tags from claims, SSE-KMS key use) against the deployed stacks.
 */
let aws: LocalAws;
const region = 'us-east-1';
const table = (name: string) => `arn:aws:dynamodb:${region}:123456789012:table/${name}`;

function config(credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) {
  return { endpoint: aws.endpoint, region, credentials };
}
const admin = () => ({ accessKeyId: aws.env.AWS_ACCESS_KEY_ID, secretAccessKey: aws.env.AWS_SECRET_ACCESS_KEY });
const stranger = { accessKeyId: 'AKIASTRANGER00000000', secretAccessKey: 'not-a-key-of-this-account' };

beforeAll(async () => {
  aws = await startLocalAws();
});

afterAll(async () => {
  await aws?.stop();
});

test('off by default: any key is accepted, as the deploys and read-backs expect', async () => {
  expect(await iamEnforcement(aws.endpoint)).toBe(false);
  const sqs = new SQSClient(config(stranger));
  await expect(sqs.send(new ListQueuesCommand({}))).resolves.toBeDefined();
  sqs.destroy();
});

describe('on', () => {
  let role: { accessKeyId: string; secretAccessKey: string; sessionToken: string };
  let roleArn: string;

  beforeAll(async () => {
    const ddb = new DynamoDBClient(config(admin()));
    for (const name of ['blue-jobs', 'red-jobs', 'blue-other']) {
      await ddb.send(new CreateTableCommand({
        TableName: name, BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'k', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'k', AttributeType: 'S' }],
      }));
    }
    ddb.destroy();
    const iam = new IAMClient(config(admin()));
    const created = await iam.send(new CreateRoleCommand({
      RoleName: 'team-writer',
      Tags: [{ Key: 'team', Value: 'blue' }],
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
    }));
    roleArn = created.Role!.Arn!;
    await iam.send(new PutRolePolicyCommand({
      RoleName: 'team-writer', PolicyName: 'own-team-jobs',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'dynamodb:PutItem', Resource: table('${aws:PrincipalTag/team}-jobs') }],
      }),
    }));
    iam.destroy();
    const sts = new STSClient(config(admin()));
    const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'writer' }));
    sts.destroy();
    role = { accessKeyId: assumed.Credentials!.AccessKeyId!, secretAccessKey: assumed.Credentials!.SecretAccessKey!, sessionToken: assumed.Credentials!.SessionToken! };
    await setIamEnforcement(aws.endpoint, true);
  });

  afterAll(async () => {
    await setIamEnforcement(aws.endpoint, false);
  });

  test('the emulator\'s own key is the account\'s root user; a key of no principal is refused', async () => {
    // The root user holds no policy, yet is allowed; a key that belongs to no principal is not.
    const asRoot = new SQSClient(config(admin()));
    await expect(asRoot.send(new ListQueuesCommand({}))).resolves.toBeDefined();
    asRoot.destroy();
    const sqs = new SQSClient(config(stranger));
    await expect(sqs.send(new ListQueuesCommand({}))).rejects.toThrow(/security token included in the request is invalid/);
    sqs.destroy();
  });

  test('a role session is held to its policy on the table\'s ARN, with ${aws:PrincipalTag/…} from the role\'s tags', async () => {
    const ddb = new DynamoDBClient(config(role));
    const item = { k: { S: 'x' } };
    await expect(ddb.send(new PutItemCommand({ TableName: 'blue-jobs', Item: item }))).resolves.toBeDefined();
    const arn = 'arn:aws:sts::123456789012:assumed-role/team-writer/writer';
    for (const other of ['red-jobs', 'blue-other']) {
      await expect(ddb.send(new PutItemCommand({ TableName: other, Item: item }))).rejects.toThrow(
        `User: ${arn} is not authorized to perform: dynamodb:PutItem on resource: ${table(other)} because no identity-based policy allows the action`,
      );
    }
    ddb.destroy();
  });

  test('the switch turns off again: the same session then passes unchecked', async () => {
    await setIamEnforcement(aws.endpoint, false);
    const ddb = new DynamoDBClient(config(role));
    await expect(ddb.send(new PutItemCommand({ TableName: 'red-jobs', Item: { k: { S: 'x' } } }))).resolves.toBeDefined();
    ddb.destroy();
    await setIamEnforcement(aws.endpoint, true);
  });
});
