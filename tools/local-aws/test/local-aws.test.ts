import * as net from 'node:net';
import { CreateQueueCommand, ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { ASSETS_BUCKET, BOOTSTRAP_VERSION_PARAMETER, LocalAws, LocalAwsError, MOTO_VERSION, startLocalAws } from '../src';

/** Clients configured only from the emulator's `env`, the way handlers and tools get it. */
function clientConfig(env: Record<string, string>) {
  return {
    endpoint: env.AWS_ENDPOINT_URL,
    region: env.AWS_REGION,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY },
  };
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

describe('startLocalAws', () => {
  let aws: LocalAws;
  let ssm: SSMClient;
  let s3: S3Client;
  let sqs: SQSClient;

  beforeAll(async () => {
    aws = await startLocalAws();
    ssm = new SSMClient(clientConfig(aws.env));
    s3 = new S3Client({ ...clientConfig(aws.env), forcePathStyle: true });
    sqs = new SQSClient(clientConfig(aws.env));
  });

  afterAll(async () => {
    ssm?.destroy();
    s3?.destroy();
    sqs?.destroy();
    await aws?.stop();
  });

  test('listens on loopback only and describes itself in env', () => {
    expect(aws.endpoint).toBe(`http://127.0.0.1:${aws.port}`);
    expect(aws.env).toMatchObject({
      AWS_ENDPOINT_URL: aws.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: expect.any(String),
      AWS_SECRET_ACCESS_KEY: expect.any(String),
    });
  });

  test('runs through the launcher, on the pinned moto, with the resource types the stacks need', async () => {
    const response = await fetch(`${aws.endpoint}/moto-api/listbackup/resource-types`);
    expect(response.status).toBe(200);
    const body = await response.json() as { motoVersion: string; resourceTypes: string[] };
    // The launcher's extensions rely on moto internals of exactly this version.
    expect(body.motoVersion).toBe(MOTO_VERSION);
    expect(body.resourceTypes).toEqual(expect.arrayContaining([
      'AWS::Cognito::UserPool', 'AWS::Cognito::UserPoolClient', 'AWS::Cognito::UserPoolDomain', 'AWS::Cognito::IdentityPool',
      'AWS::Cognito::IdentityPoolRoleAttachment', 'AWS::Cognito::IdentityPoolPrincipalTag',
      'AWS::ApiGatewayV2::Api', 'AWS::ApiGatewayV2::Authorizer', 'AWS::ApiGatewayV2::Integration', 'AWS::ApiGatewayV2::Route',
      'AWS::ApiGatewayV2::Stage', 'AWS::CloudTrail::Trail', 'AWS::S3::BucketPolicy', 'AWS::SQS::QueuePolicy', 'AWS::Events::EventBusPolicy',
    ]));
    expect(body.resourceTypes).not.toContain('AWS::CDK::Metadata');
  });

  test('seeds the CDK bootstrap version parameter and the staging bucket', async () => {
    const parameter = await ssm.send(new GetParameterCommand({ Name: BOOTSTRAP_VERSION_PARAMETER }));
    expect(parameter.Parameter?.Value).toBe('21');
    expect(BOOTSTRAP_VERSION_PARAMETER).toBe('/cdk-bootstrap/hnb659fds/version');
    expect(ASSETS_BUCKET).toBe('cdk-hnb659fds-assets-123456789012-us-east-1');
    await expect(s3.send(new HeadBucketCommand({ Bucket: ASSETS_BUCKET }))).resolves.toBeDefined();
  });

  test('reset wipes created resources and seeds again', async () => {
    await sqs.send(new CreateQueueCommand({ QueueName: 'reset-probe' }));
    expect((await sqs.send(new ListQueuesCommand({}))).QueueUrls ?? []).toHaveLength(1);

    await aws.reset();

    expect((await sqs.send(new ListQueuesCommand({}))).QueueUrls ?? []).toHaveLength(0);
    const parameter = await ssm.send(new GetParameterCommand({ Name: BOOTSTRAP_VERSION_PARAMETER }));
    expect(parameter.Parameter?.Value).toBe('21');
    await expect(s3.send(new HeadBucketCommand({ Bucket: ASSETS_BUCKET }))).resolves.toBeDefined();
  });

  test('refuses a port that is already in use, naming it', async () => {
    const error = await startLocalAws({ port: aws.port }).catch((e) => e);
    expect(error).toBeInstanceOf(LocalAwsError);
    expect(error.code).toBe('PortInUse');
    expect(error.message).toContain(`port ${aws.port}`);
  });

  test('refuses an invalid port before starting anything', async () => {
    await expect(startLocalAws({ port: 70000 })).rejects.toThrow(/port 70000 is invalid/);
  });
});

describe('stop', () => {
  test('frees the port, and a second stop is harmless', async () => {
    const aws = await startLocalAws();
    expect(await canListen(aws.port)).toBe(false);
    await aws.stop();
    expect(await canListen(aws.port)).toBe(true);
    await expect(aws.stop()).resolves.toBeUndefined();
    await expect(aws.reset()).rejects.toThrow(/was stopped/);
  });

  test('starts on the port asked for', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const chosen = (server.address() as net.AddressInfo).port;
        server.close(() => resolve(chosen));
      });
    });
    const aws = await startLocalAws({ port });
    try {
      expect(aws.port).toBe(port);
      const response = await fetch(`${aws.endpoint}/moto-api/data.json`);
      expect(response.ok).toBe(true);
    } finally {
      await aws.stop();
    }
  });
});
