import { CloudTrailBucketProtected } from '../rules/cloudtrail/CloudTrailBucketProtected';
import { CognitoIdentityPoolNoUnauthenticated } from '../rules/cognito/CognitoIdentityPoolNoUnauthenticated';
import { DynamoDBTableDeletionProtection } from '../rules/dynamodb/DynamoDBTableDeletionProtection';
import { DynamoDBTableEncrypted } from '../rules/dynamodb/DynamoDBTableEncrypted';
import { DynamoDBTablePointInTimeRecovery } from '../rules/dynamodb/DynamoDBTablePointInTimeRecovery';
import { DynamoDBTableRetain } from '../rules/dynamodb/DynamoDBTableRetain';
import { EventBusEncrypted } from '../rules/eventbridge/EventBusEncrypted';
import { ExportNameConvention } from '../rules/exports/ExportNameConvention';
import { IAMNoAdminManagedPolicy } from '../rules/iam/IAMNoAdminManagedPolicy';
import { IAMNoWildcardAction } from '../rules/iam/IAMNoWildcardAction';
import { IAMNoWildcardResource } from '../rules/iam/IAMNoWildcardResource';
import { KMSKeyGrantsForAwsServicesOnly } from '../rules/kms/KMSKeyGrantsForAwsServicesOnly';
import { KMSKeyRotation } from '../rules/kms/KMSKeyRotation';
import { LambdaAsyncFailureDestination } from '../rules/lambda/LambdaAsyncFailureDestination';
import { LogGroupEncrypted } from '../rules/logs/LogGroupEncrypted';
import { ResourcePolicyNotPublic } from '../rules/resource-policy/ResourcePolicyNotPublic';
import { ServicePrincipalSourceCondition } from '../rules/resource-policy/ServicePrincipalSourceCondition';
import { PolicyRule } from '../rules/rule';
import { S3BucketDeniesNonKmsUploads } from '../rules/s3/S3BucketDeniesNonKmsUploads';
import { S3BucketEncrypted } from '../rules/s3/S3BucketEncrypted';
import { S3BucketPublicAccessBlock } from '../rules/s3/S3BucketPublicAccessBlock';
import { S3BucketRetain } from '../rules/s3/S3BucketRetain';
import { S3BucketTLSOnly } from '../rules/s3/S3BucketTLSOnly';
import { S3BucketVersioning } from '../rules/s3/S3BucketVersioning';
import { SQSDLQRetention } from '../rules/sqs/SQSDLQRetention';
import { SQSQueueEncrypted } from '../rules/sqs/SQSQueueEncrypted';
import { SQSQueueHasDLQ } from '../rules/sqs/SQSQueueHasDLQ';
import { SQSQueueTLSOnly } from '../rules/sqs/SQSQueueTLSOnly';
import { ServiceStageTags } from '../rules/tags/ServiceStageTags';

/** The rules of ListBackupChecks, in report order: encryption and keys, public access and confused deputies, IAM, data safety and audit, hygiene. */
export const LISTBACKUP_RULES: readonly PolicyRule[] = [
  DynamoDBTableEncrypted,
  S3BucketEncrypted,
  SQSQueueEncrypted,
  EventBusEncrypted,
  LogGroupEncrypted,
  KMSKeyRotation,
  S3BucketDeniesNonKmsUploads,
  KMSKeyGrantsForAwsServicesOnly,
  S3BucketPublicAccessBlock,
  ResourcePolicyNotPublic,
  ServicePrincipalSourceCondition,
  S3BucketTLSOnly,
  SQSQueueTLSOnly,
  CognitoIdentityPoolNoUnauthenticated,
  IAMNoWildcardAction,
  IAMNoWildcardResource,
  IAMNoAdminManagedPolicy,
  DynamoDBTablePointInTimeRecovery,
  DynamoDBTableDeletionProtection,
  DynamoDBTableRetain,
  S3BucketRetain,
  S3BucketVersioning,
  SQSQueueHasDLQ,
  SQSDLQRetention,
  LambdaAsyncFailureDestination,
  CloudTrailBucketProtected,
  ServiceStageTags,
  ExportNameConvention,
];
