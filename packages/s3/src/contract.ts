import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { serviceName, ServiceContract, validateStage } from '@listbackup/conventions';
import { DataBucketEncryption } from './data-bucket-encryption';

export const S3_SERVICE = serviceName('s3');

/** Every value the S3 stack exports; `DataBucketKeyArn` only when the bucket uses KMS. */
export type S3ExportName = 'DataBucketName' | 'DataBucketArn' | 'DataBucketKeyArn';

/** Both sides of the S3 stack's exports; the only place their names are spelled. */
export const S3_CONTRACT = new ServiceContract<S3ExportName>(S3_SERVICE, ['DataBucketName', 'DataBucketArn', 'DataBucketKeyArn']);

/** The data bucket of `InfrastructureS3Stack`, seen from another stack. */
export interface S3Imports {
  /** The bucket, with `encryptionKey` set when it uses KMS so that grants include the key. */
  readonly dataBucket: s3.IBucket;
  /** The bucket key, when the bucket uses KMS. */
  readonly dataBucketKey?: kms.IKey;
}

export interface S3ImportOptions {
  /**
   * The encryption the stack of this stage was deployed with.
   * @default DataBucketEncryption.KMS
   */
  readonly encryption?: DataBucketEncryption;
}

/** Reads the S3 stack's exports in another stack of the same account and region. */
export class S3Contract {
  /** Imports the data bucket of a stage through `Fn::ImportValue` of the names the stack exports. */
  public static import(scope: Construct, stage: string, options: S3ImportOptions = {}): S3Imports {
    const kmsEncryption = (options.encryption ?? DataBucketEncryption.KMS) === DataBucketEncryption.KMS;
    // One holder per stage: two stages imported into one scope never share a bucket.
    const id = `S3DataBucket-${validateStage(stage)}`;
    const holder = (scope.node.tryFindChild(id) as Construct | undefined) ?? new Construct(scope, id);
    const dataBucketKey = kmsEncryption
      ? (holder.node.tryFindChild('DataBucketKey') as kms.IKey | undefined)
        ?? kms.Key.fromKeyArn(holder, 'DataBucketKey', S3_CONTRACT.importValue(stage, 'DataBucketKeyArn'))
      : undefined;
    const dataBucket = (holder.node.tryFindChild('DataBucket') as s3.IBucket | undefined)
      ?? s3.Bucket.fromBucketAttributes(holder, 'DataBucket', {
        bucketName: S3_CONTRACT.importValue(stage, 'DataBucketName'),
        bucketArn: S3_CONTRACT.importValue(stage, 'DataBucketArn'),
        encryptionKey: dataBucketKey,
      });
    return { dataBucket, dataBucketKey };
  }

  /** The export names of the stack in a stage, for a deploy-time contract check. */
  public static exportNames(stage: string, options: S3ImportOptions = {}): string[] {
    const kmsEncryption = (options.encryption ?? DataBucketEncryption.KMS) === DataBucketEncryption.KMS;
    return S3_CONTRACT.exportNames(stage).filter((name) => kmsEncryption || !name.endsWith('-DataBucketKeyArn'));
  }

  private constructor() {}
}
