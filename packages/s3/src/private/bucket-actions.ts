/**
 * Every list of S3 and KMS actions the grants of this package hand out, each written once:
 * `DataBucket` (the bucket of a stack) and `ImportedDataBucket` (the bucket seen from another
 * stack) both grant from here.
 */
export const READ_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion'];
export const WRITE_ACTIONS = ['s3:PutObject', 's3:AbortMultipartUpload'];
export const KEY_READ_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey'];
/** SSE-KMS uploads need a data key; multipart uploads also decrypt the parts already sent. */
export const KEY_WRITE_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKey'];
/** A single-part upload: no parts to abort or to decrypt later. */
export const SINGLE_PUT_ACTIONS = ['s3:PutObject'];
/** A single SSE-KMS PutObject needs a data key of the bucket key, nothing more. */
export const KEY_SINGLE_PUT_ACTIONS = ['kms:GenerateDataKey'];
