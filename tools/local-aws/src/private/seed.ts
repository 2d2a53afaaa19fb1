import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { LocalAwsError } from '../errors';
import { LOCAL_ACCOUNT_ID } from './server-process';

export const LOCAL_REGION = 'us-east-1';

/** The SSM parameter that the CDK bootstrap-version rule of every synthesized template reads. */
export const BOOTSTRAP_VERSION_PARAMETER = '/cdk-bootstrap/hnb659fds/version';
/** The version `cdk bootstrap` of this aws-cdk-lib writes; templates require at least 6. */
export const BOOTSTRAP_VERSION = '21';
/** The CDK staging bucket that file assets (Lambda code) are published to. */
export const ASSETS_BUCKET = `cdk-hnb659fds-assets-${LOCAL_ACCOUNT_ID}-${LOCAL_REGION}`;

/** Dummy credentials: moto accepts any, and these can never reach a real account. */
export const DUMMY_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };

/** Writes what a CDK template expects of a bootstrapped account. */
export async function seedBootstrap(endpoint: string): Promise<void> {
  const config = { endpoint, region: LOCAL_REGION, credentials: DUMMY_CREDENTIALS };
  const ssm = new SSMClient(config);
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  try {
    await ssm.send(new PutParameterCommand({ Name: BOOTSTRAP_VERSION_PARAMETER, Value: BOOTSTRAP_VERSION, Type: 'String', Overwrite: true }));
    await s3.send(new CreateBucketCommand({ Bucket: ASSETS_BUCKET }));
  } catch (error) {
    throw new LocalAwsError('SeedFailed', `could not seed the CDK bootstrap resources at ${endpoint}: ${(error as Error).message}`, { cause: error });
  } finally {
    ssm.destroy();
    s3.destroy();
  }
}
