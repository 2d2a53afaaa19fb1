/**
 * Every list of SQS and KMS actions the grants of this package hand out, each written once:
 * `FifoQueueWithDlq` (queues of a stack) and `ImportedQueues` (queues seen from another stack)
 * both grant from here.
 */
export const SEND_ACTIONS = ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'];
export const CONSUME_ACTIONS = [
  'sqs:ReceiveMessage', 'sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl',
];
export const REDRIVE_DLQ_ACTIONS = [
  'sqs:StartMessageMoveTask', 'sqs:ListMessageMoveTasks', 'sqs:CancelMessageMoveTask',
  'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes',
];
/** A producer that knows the queue's URL: the one call it makes. */
export const SEND_MESSAGE_ACTIONS = ['sqs:SendMessage'];
/**
 * What a Lambda event source mapping does on its queue with the function's role (Lambda developer
 * guide, "Using Lambda with Amazon SQS": execution role permissions).
 */
export const EVENT_SOURCE_ACTIONS = ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'];
/** With a customer key: a sender makes a data key and reuses it (decrypt); a receiver decrypts. */
export const KEY_SEND_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'];
export const KEY_RECEIVE_ACTIONS = ['kms:Decrypt'];
