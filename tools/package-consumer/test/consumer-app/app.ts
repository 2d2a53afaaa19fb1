// A team's own app with its own catalog, written against the published packages only.
import { App, Stack, Validations } from 'aws-cdk-lib/core';
import { AttributeType } from 'aws-cdk-lib/aws-dynamodb';
import { applyStandardTags } from '@listbackup/conventions';
import { SecureTable } from '@listbackup/dynamodb';
import { DomainEventBus } from '@listbackup/eventbridge';
import { applyPolicy } from '@listbackup/policy/synth';
import { DataBucket } from '@listbackup/s3';
import { FifoQueueWithDlq } from '@listbackup/sqs';

const app = new App({ outdir: process.argv[2] ?? 'cdk.out' });
const stack = new Stack(app, 'acme-orders-dev');

const orders = new SecureTable(stack, 'OrdersTable', {
  partitionKey: { name: 'orderId', type: AttributeType.STRING },
  globalSecondaryIndexes: [{ indexName: 'CustomerIndex', partitionKey: { name: 'customerId', type: AttributeType.STRING } }],
});
const customers = new SecureTable(stack, 'CustomersTable', {
  partitionKey: { name: 'customerId', type: AttributeType.STRING },
  timeToLiveAttribute: 'expiresAt',
});
new FifoQueueWithDlq(stack, 'FulfilmentQueue', { queueName: 'acme-dev-fulfilment.fifo' });
const invoices = new DataBucket(stack, 'InvoiceBucket');
new DomainEventBus(stack, 'OrdersBus', {
  eventBusName: 'acme-dev',
  rules: [{ id: 'OrderEventsRule', sourcePrefixes: ['acme.orders'] }],
});

// The team's own decisions, acknowledged on the narrowest constructs with its reasons.
for (const table of [orders, customers]) {
  Validations.of(table.cfnTable).acknowledge({
    id: 'NIST.800.53.R5-DynamoDBInBackupPlan',
    reason: 'point-in-time recovery is on; the dev account has no AWS Backup vault',
  });
}
for (const bucket of [invoices.bucket, invoices.accessLogsBucket]) {
  Validations.of(bucket.node.defaultChild!).acknowledge({
    id: 'NIST.800.53.R5-S3BucketReplicationEnabled',
    reason: 'a single-region dev stack: no second region to replicate to',
  });
}

applyStandardTags(stack, 'acme-orders', 'dev');
applyPolicy(app);
app.synth();
