import { FileAsset } from './assembly';
import { AwsClients } from './aws';
import { callerIdentity, resolvePlaceholders } from './bootstrap-roles';

export interface StagingLocation {
  readonly bucket: string;
  readonly key: string;
  /** The object's https URL, what CloudFormation's TemplateURL takes. */
  readonly url: string;
}

/** Resolves the `${AWS::AccountId}`-style placeholders the CDK writes into asset destinations. */
export async function stagingLocation(clients: AwsClients, asset: FileAsset): Promise<StagingLocation> {
  const env = { account: (await callerIdentity(clients)).account, region: clients.region };
  const bucket = resolvePlaceholders(asset.bucketName, env);
  const key = resolvePlaceholders(asset.objectKey, env);
  // CloudFormation reads TemplateURL itself, so it is always the public S3 form (the emulator parses it too).
  const domain = clients.region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return { bucket, key, url: `https://s3.${clients.region}.${domain}/${bucket}/${key}` };
}
