/*
 * An in-memory Amazon S3 for the CDK staging bucket, as asset publishing uses it. It follows the
 * Amazon S3 API Reference: GetBucketLocation (NoSuchBucket; `ExpectedBucketOwner` of another
 * account answers AccessDenied), GetBucketEncryption (ServerSideEncryptionConfigurationNotFoundError
 * when there is none), ListObjectsV2 (Prefix, MaxKeys), PutObject, HeadObject (NotFound). It is
 * attached as middleware in the SDK's deserialize step, after the SDK has signed the request.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { accessKeyOf } from './fake-sts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each command reads its input by the field names of the service's API reference
type Input = Record<string, any>;

function s3Error(name: string, message: string, status: number): Error {
  return Object.assign(new Error(message), { name, Code: name, $fault: 'client', $metadata: { httpStatusCode: status } });
}

export class FakeS3 {
  public readonly calls: { command: string; input: Input; accessKeyId?: string }[] = [];
  /** bucket → (key → bytes) */
  private readonly buckets = new Map<string, { owner: string; objects: Map<string, Uint8Array> }>();

  /** A bucket that exists (as `cdk bootstrap` creates the staging bucket), owned by `owner`. */
  public addBucket(name: string, owner = '123456789012'): this {
    this.buckets.set(name, { owner, objects: new Map() });
    return this;
  }

  public object(bucket: string, key: string): Uint8Array | undefined {
    return this.buckets.get(bucket)?.objects.get(key);
  }

  public keys(bucket: string): string[] {
    return [...this.buckets.get(bucket)?.objects.keys() ?? []];
  }

  public attach(client: unknown): void {
    if (!(client instanceof S3Client)) return;
    client.middlewareStack.add((next, context) => async (args) => {
      const command = String(context.commandName).replace(/Command$/, '');
      if (!['GetBucketLocation', 'GetBucketEncryption', 'ListObjectsV2', 'PutObject', 'HeadObject'].includes(command)) return next(args);
      const input = args.input as Input;
      this.calls.push({ command, input, accessKeyId: accessKeyOf(args.request) });
      const output = this.handle(command, input);
      return { output: { ...output, $metadata: { httpStatusCode: 200 } }, response: {} };
    }, { step: 'deserialize', name: 'fakeS3', priority: 'high' });
  }

  private bucket(name: string) {
    const bucket = this.buckets.get(name);
    if (!bucket) throw s3Error('NoSuchBucket', 'The specified bucket does not exist', 404);
    return bucket;
  }

  private handle(command: string, input: Input): Record<string, unknown> {
    const bucket = this.bucket(input.Bucket);
    switch (command) {
      case 'GetBucketLocation':
        if (input.ExpectedBucketOwner && input.ExpectedBucketOwner !== bucket.owner) throw s3Error('AccessDenied', 'Access Denied', 403);
        return { LocationConstraint: undefined };
      case 'GetBucketEncryption':
        throw s3Error('ServerSideEncryptionConfigurationNotFoundError', 'The server side encryption configuration was not found', 404);
      case 'ListObjectsV2': {
        const keys = [...bucket.objects.keys()].filter((k) => k.startsWith(input.Prefix ?? '')).sort().slice(0, input.MaxKeys ?? 1000);
        return { Contents: keys.map((Key) => ({ Key, Size: bucket.objects.get(Key)!.length })), KeyCount: keys.length };
      }
      case 'PutObject': {
        const body = input.Body;
        bucket.objects.set(input.Key, typeof body === 'string' ? Buffer.from(body) : Buffer.from(body as Uint8Array));
        return { ETag: '"fake"' };
      }
      case 'HeadObject': {
        const object = bucket.objects.get(input.Key);
        if (!object) throw s3Error('NotFound', 'Not Found', 404);
        return { ContentLength: object.length };
      }
      default: throw s3Error('NotImplemented', `the S3 fake does not implement ${command}`, 501);
    }
  }
}
