import { readFileSync } from 'node:fs';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { FileAsset } from './assembly';
import { AwsClients, explainAwsError } from './aws';
import { callerIdentity, resolvePlaceholders } from './bootstrap-roles';
import { Printer } from './printer';
import { zipDirectory } from './private/zip-directory';

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

/**
 * Uploads one file asset unless an object is already at its key: asset keys are content hashes,
 * so an existing object is the same file.
 */
export async function uploadFileAsset(clients: AwsClients, asset: FileAsset, location: StagingLocation, printer: Printer): Promise<'uploaded' | 'present'> {
  try {
    await clients.s3.send(new HeadObjectCommand({ Bucket: location.bucket, Key: location.key }));
    return 'present';
  } catch (err) {
    const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
    if (e.name !== 'NotFound' && e.$metadata?.httpStatusCode !== 404) throw explainAwsError(err, `checking asset s3://${location.bucket}/${location.key}`);
  }
  try {
    const body = asset.packaging === 'zip' ? zipDirectory(asset.sourcePath) : readFileSync(asset.sourcePath);
    await clients.s3.send(new PutObjectCommand({ Bucket: location.bucket, Key: location.key, Body: body }));
  } catch (err) {
    throw explainAwsError(err, `uploading asset ${asset.sourcePath} to s3://${location.bucket}/${location.key}`);
  }
  printer.line(`asset ${asset.id}: uploaded to s3://${location.bucket}/${location.key}`);
  return 'uploaded';
}

export async function publishFileAsset(clients: AwsClients, asset: FileAsset, printer: Printer): Promise<'uploaded' | 'present'> {
  return uploadFileAsset(clients, asset, await stagingLocation(clients, asset), printer);
}
