/**
 * Every list of DynamoDB and KMS actions the grants of this package hand out, each written once:
 * `SecureTable` (tables of a stack) and `ImportedTables` (tables seen from another stack) both
 * grant from here.
 */

/** Item reads; `ConditionCheckItem` lets a reader take part in a transaction's condition checks. */
export const READ_ACTIONS = [
  'dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable',
  'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan',
];
export const WRITE_ACTIONS = [
  'dynamodb:BatchWriteItem', 'dynamodb:ConditionCheckItem', 'dynamodb:DeleteItem',
  'dynamodb:DescribeTable', 'dynamodb:PutItem', 'dynamodb:UpdateItem',
];
/** Named KMS actions, no wildcards: DynamoDB decrypts reads and encrypts writes with the caller's rights. */
export const KEY_READ_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey'];
export const KEY_WRITE_ACTIONS = [...KEY_READ_ACTIONS, 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:ReEncryptFrom', 'kms:ReEncryptTo'];

/** A single-item call on a table: what `ImportedTables.grantItems` can name. */
export type ItemOperation = 'GetItem' | 'PutItem' | 'UpdateItem' | 'DeleteItem';

/**
 * What one item call takes on the table's customer key (DynamoDB developer guide, "Authorizing use
 * of your customer managed key"): a read decrypts, a write also encrypts with a new data key.
 * Re-encryption is DynamoDB's own, when the table's key changes, never the caller's.
 */
export const ITEM_OPERATION_KEY_ACTIONS: Record<ItemOperation, readonly string[]> = {
  GetItem: KEY_READ_ACTIONS,
  PutItem: [...KEY_READ_ACTIONS, 'kms:Encrypt', 'kms:GenerateDataKey'],
  UpdateItem: [...KEY_READ_ACTIONS, 'kms:Encrypt', 'kms:GenerateDataKey'],
  DeleteItem: KEY_READ_ACTIONS,
};
