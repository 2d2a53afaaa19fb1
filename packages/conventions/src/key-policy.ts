import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';

/** The Sid of the statement `limitGrantsToAwsServices` adds, so a test or a reviewer can find it. */
export const GRANTS_FOR_AWS_SERVICES_ONLY_SID = 'GrantsForAwsServicesOnly';

/**
 * Denies `kms:CreateGrant` on the key to every principal unless the grant is for an AWS resource
 * or the caller is an AWS service (`BoolIfExists` on `kms:GrantIsForAWSResource` and
 * `aws:PrincipalIsAWSService`, the statement AWS Control Tower's CT.KMS.PR.3 asks for).
 *
 * Why: the default key policy delegates the key to IAM (`kms:*` for the account root), so any
 * identity policy granting `kms:CreateGrant` could hand the key to a principal outside every
 * key policy and IAM policy review. Services that encrypt with the key on a caller's behalf
 * (DynamoDB, CloudWatch Logs, CloudTrail, S3) create their grants as AWS services, so they are
 * not affected.
 */
export function limitGrantsToAwsServices(key: kms.Key): void {
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: GRANTS_FOR_AWS_SERVICES_ONLY_SID,
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:CreateGrant'],
    resources: ['*'],
    conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
  }));
}
