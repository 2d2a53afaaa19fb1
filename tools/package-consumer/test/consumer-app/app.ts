// A team's own app with its own catalog, written against the published packages only.
import { App, Stack } from 'aws-cdk-lib';
import { AttributeType } from 'aws-cdk-lib/aws-dynamodb';
import { applyStandardTags } from '@listbackup/conventions';
import { SecureTable } from '@listbackup/dynamodb';
import { DomainEventBus } from '@listbackup/eventbridge';
import { applyPolicy } from '@listbackup/policy';
import { DataBucket } from '@listbackup/s3';
import { FifoQueueWithDlq } from '@listbackup/sqs';

const app = new App({ outdir: process.argv[2] ?? 'cdk.out' });
const stack = new Stack(app, 'acme-orders-dev');

new SecureTable(stack, 'OrdersTable', {
  partitionKey: { name: 'orderId', type: AttributeType.STRING },
  globalSecondaryIndexes: [{ indexName: 'CustomerIndex', partitionKey: { name: 'customerId', type: AttributeType.STRING } }],
});
new SecureTable(stack, 'CustomersTable', {
  partitionKey: { name: 'customerId', type: AttributeType.STRING },
  timeToLiveAttribute: 'expiresAt',
});
new FifoQueueWithDlq(stack, 'FulfilmentQueue', { queueName: 'acme-dev-fulfilment.fifo' });
new DataBucket(stack, 'InvoiceBucket');
new DomainEventBus(stack, 'OrdersBus', {
  eventBusName: 'acme-dev',
  rules: [{ id: 'OrderEventsRule', sourcePrefixes: ['acme.orders'] }],
});

applyStandardTags(stack, 'acme-orders', 'dev');
applyPolicy(app);
app.synth();
