import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { accountJobsPrefix, ANY_ACCOUNT, ContractImport, importContract, serviceName, ServiceContract } from '@listbackup/conventions';
import { DataBucketEncryption } from './data-bucket-encryption';
import { KEY_SINGLE_PUT_ACTIONS, SINGLE_PUT_ACTIONS } from './private/bucket-actions';

export const S3_SERVICE = serviceName('s3');

/** Every value the S3 stack exports; `DataBucketKeyArn` only when the bucket uses KMS. */
export type S3ExportName = 'DataBucketName' | 'DataBucketArn' | 'DataBucketKeyArn';

/** Both sides of the S3 stack's exports; the only place their names are spelled. */
export const S3_CONTRACT = new ServiceContract<S3ExportName>(S3_SERVICE, ['DataBucketName', 'DataBucketArn', 'DataBucketKeyArn']);

export interface S3ImportOptions {
  /**
   * The encryption the stack of this stage was deployed with.
   * @default DataBucketEncryption.KMS
   */
  readonly encryption?: DataBucketEncryption;
}

/**
 * The data bucket of `InfrastructureS3Stack` in one stage, seen from another stack of the same
 * account and region (id `listbackup-infrastructure-s3-<stage>`). The bucket and its key are
 * imported once, with `Fn::ImportValue` of the names the stack exports.
 */
export class ImportedDataBucket extends ContractImport<S3ExportName> {
  private readonly kmsEncryption: boolean;

  /** Use `S3Contract.import(scope, stage)`, which imports a stage once a scope. */
  constructor(scope: Construct, id: string, stage: string, options: S3ImportOptions = {}) {
    super(scope, id, S3_CONTRACT, stage);
    this.kmsEncryption = (options.encryption ?? DataBucketEncryption.KMS) === DataBucketEncryption.KMS;
  }

  /** The bucket key, when the bucket uses KMS. */
  public get dataBucketKey(): kms.IKey | undefined {
    if (!this.kmsEncryption) return undefined;
    return this.once('DataBucketKey', (scope, id) => kms.Key.fromKeyArn(scope, id, this.importValue('DataBucketKeyArn')));
  }

  /** The bucket, with `encryptionKey` set when it uses KMS so that grants include the key. */
  public get dataBucket(): s3.IBucket {
    return this.once('DataBucket', (scope, id) => s3.Bucket.fromBucketAttributes(scope, id, {
      bucketName: this.importValue('DataBucketName'),
      bucketArn: this.importValue('DataBucketArn'),
      encryptionKey: this.dataBucketKey,
    }));
  }

  /**
   * Lets the job worker write job results, and nothing else of the bucket: `s3:PutObject` on
   * `accounts/*\/jobs/*` (every account's results, never its uploads), single-part uploads only;
   * with KMS also `kms:GenerateDataKey` on the bucket key.
   */
  public grantPutJobResults(grantee: iam.IGrantable): iam.Grant {
    const objects = iam.Grant.addToPrincipal({
      grantee, actions: SINGLE_PUT_ACTIONS, resourceArns: [this.dataBucket.arnForObjects(`${accountJobsPrefix(ANY_ACCOUNT)}*`)],
    });
    const key = this.dataBucketKey;
    return key ? objects.combine(iam.Grant.addToPrincipal({ grantee, actions: KEY_SINGLE_PUT_ACTIONS, resourceArns: [key.keyArn] })) : objects;
  }
}

/** Reads the S3 stack's exports in another stack of the same account and region. */
export class S3Contract {
  /**
   * The data bucket of `stage`; calling it again in the same scope and stage returns the same
   * imports (with the options of the first call).
   */
  public static import(scope: Construct, stage: string, options: S3ImportOptions = {}): ImportedDataBucket {
    return importContract(scope, S3_CONTRACT, stage, (s, id) => new ImportedDataBucket(s, id, stage, options));
  }

  /** The export names of the stack in a stage, for a deploy-time contract check. */
  public static exportNames(stage: string, options: S3ImportOptions = {}): string[] {
    const kmsEncryption = (options.encryption ?? DataBucketEncryption.KMS) === DataBucketEncryption.KMS;
    return S3_CONTRACT.exportNames(stage).filter((name) => kmsEncryption || !name.endsWith('-DataBucketKeyArn'));
  }

  private constructor() {}
}
