import { DescribeUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DescribeEventBusCommand } from '@aws-sdk/client-eventbridge';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { AwsClients } from '../aws';

/** The part after the last `sep` of an ARN, or the value itself when it is not an ARN. */
function arnTail(value: string, sep: string): string {
  return value.startsWith('arn:') ? value.slice(value.lastIndexOf(sep) + sep.length) : value;
}

type Probe = (clients: AwsClients, value: string) => Promise<void>;

/**
 * How to prove that an exported value names a live resource, by the CloudFormation type of the
 * resource the output refers to. The value may be a name, URL, id or ARN depending on the output.
 */
export const RESOURCE_PROBES: Record<string, Probe> = {
  'AWS::DynamoDB::Table': async (c, v) => {
    await c.dynamoDb.send(new DescribeTableCommand({ TableName: arnTail(v, 'table/') }));
  },
  'AWS::SQS::Queue': async (c, v) => {
    const url = v.startsWith('http') ? v : (await c.sqs.send(new GetQueueUrlCommand({ QueueName: arnTail(v, ':') }))).QueueUrl!;
    await c.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  },
  'AWS::S3::Bucket': async (c, v) => {
    await c.s3.send(new HeadBucketCommand({ Bucket: arnTail(v, ':::') }));
  },
  'AWS::Events::EventBus': async (c, v) => {
    await c.eventBridge.send(new DescribeEventBusCommand({ Name: v }));
  },
  'AWS::Cognito::UserPool': async (c, v) => {
    await c.cognito.send(new DescribeUserPoolCommand({ UserPoolId: arnTail(v, 'userpool/') }));
  },
};
