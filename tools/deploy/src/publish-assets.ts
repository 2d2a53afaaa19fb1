import { Readable } from 'node:stream';
import {
  Account, AssetManifest, AssetPublishing, ClientOptions, DestinationPattern, EventType, IAws, IECRClient, IPublishProgress, IS3Client, ISecretsManagerClient,
} from '@aws-cdk/cdk-assets-lib';
import { DescribeImagesCommand, DescribeRepositoriesCommand, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import { GetBucketEncryptionCommand, GetBucketLocationCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { AssemblyStack, DockerImageAsset, FileAsset } from './assembly';
import { AwsClients, explainAwsError } from './aws';
import { assumeRole, callerIdentity, partitionOf, resolvePlaceholders } from './bootstrap-roles';
import { DeployError } from './errors';
import { Printer } from './printer';
import { TEMPLATE_BODY_LIMIT_BYTES } from './template';

/** A file or docker image asset, as one destination of an asset manifest. */
export type PublishableAsset = FileAsset | DockerImageAsset;

export function isDockerImageAsset(asset: PublishableAsset): asset is DockerImageAsset {
  return 'repositoryName' in asset;
}

async function bodyBytes(body: unknown): Promise<Uint8Array | string> {
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  const chunks: Buffer[] = [];
  for await (const chunk of body as Readable) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** The four S3 calls cdk-assets-lib makes, on the SDK client of the publishing role. */
function s3Of(clients: AwsClients): IS3Client {
  const s3 = clients.s3;
  return {
    getBucketEncryption: (input) => s3.send(new GetBucketEncryptionCommand(input as never)) as never,
    getBucketLocation: (input) => s3.send(new GetBucketLocationCommand(input as never)) as never,
    listObjectsV2: (input) => s3.send(new ListObjectsV2Command(input as never)) as never,
    // Read into memory: the body's length is then known, so the SDK signs a plain PUT with its checksum.
    upload: async (input) => s3.send(new PutObjectCommand({ ...(input as object), Body: await bodyBytes(input.Body) } as never)) as never,
  };
}

function ecrOf(clients: AwsClients): IECRClient {
  const ecr = clients.ecr;
  return {
    describeImages: (input) => ecr.send(new DescribeImagesCommand(input as never)) as never,
    describeRepositories: (input) => ecr.send(new DescribeRepositoriesCommand(input as never)) as never,
    getAuthorizationToken: (input) => ecr.send(new GetAuthorizationTokenCommand((input ?? {}) as never)) as never,
  };
}

/**
 * Publishes assets with `@aws-cdk/cdk-assets-lib`, the library the CDK CLI publishes with: it
 * skips what is already uploaded, zips directories, builds and pushes docker images, and signs
 * with each destination's publishing role (`assumeRoleArn` of the asset manifest). The SDK
 * clients are this tool's (one region, endpoint, retry strategy), so the local emulator and the
 * test fakes see the calls.
 */
export class AssetPublisher implements IAws {
  private readonly roles = new Map<string, Promise<AwsClients>>();

  constructor(private readonly clients: AwsClients, private readonly printer: Printer) {}

  /**
   * Assumes every publishing role the stacks' assets name, before anything changes: a role that
   * cannot be assumed stops the deploy there, naming it.
   */
  public async assumeRoles(stacks: AssemblyStack[]): Promise<void> {
    const byRole = new Map<string, { asset: PublishableAsset; stacks: string[] }>();
    for (const stack of stacks) {
      // The template is published only when it is too large for TemplateBody.
      const template = stack.templateAsset && Buffer.byteLength(stack.templateBody) > TEMPLATE_BODY_LIMIT_BYTES ? [stack.templateAsset] : [];
      for (const asset of [...stack.fileAssets, ...template, ...stack.dockerImageAssets]) {
        if (!asset.assumeRoleArn) continue;
        const arn = await this.resolve(asset.assumeRoleArn);
        const entry = byRole.get(arn) ?? { asset, stacks: [] };
        if (!entry.stacks.includes(stack.stackName)) entry.stacks.push(stack.stackName);
        byRole.set(arn, entry);
      }
    }
    for (const [arn, { asset, stacks: neededBy }] of byRole) {
      await this.clientsFor({ assumeRoleArn: arn, assumeRoleExternalId: 'assumeRoleExternalId' in asset ? asset.assumeRoleExternalId : undefined }, neededBy);
    }
  }

  /** Publishes one asset destination; resolves once it is in its bucket or repository. */
  public async publish(asset: PublishableAsset): Promise<void> {
    const manifest = AssetManifest.fromFile(asset.manifestFile).select([new DestinationPattern(asset.id, asset.destinationId)]);
    const label = isDockerImageAsset(asset) ? `image ${asset.id}` : `asset ${asset.id}`;
    const publishing = new AssetPublishing(manifest, {
      aws: this,
      throwOnError: false,
      subprocessOutputDestination: 'ignore',
      progressListener: {
        onPublishEvent: (type: EventType, event: IPublishProgress) => {
          if ([EventType.UPLOAD, EventType.FOUND, EventType.BUILD, EventType.FAIL].includes(type)) this.printer.line(`${label}: ${event.message}`);
        },
      },
    });
    await publishing.publish({ allowCrossAccount: false });
    const failure = publishing.failures[0];
    if (failure) {
      const cause = failure.error as DeployError;
      if (cause instanceof DeployError) throw cause;
      throw explainAwsError(cause, `publishing ${label} (${asset.manifestFile})`);
    }
  }

  private async resolve(text: string): Promise<string> {
    return resolvePlaceholders(text, { account: (await callerIdentity(this.clients)).account, region: this.clients.region });
  }

  private clientsFor(options: ClientOptions, neededBy: string[] = []): Promise<AwsClients> {
    if (!options.assumeRoleArn) return Promise.resolve(this.clients);
    let clients = this.roles.get(options.assumeRoleArn);
    if (!clients) {
      clients = assumeRole(this.clients, options.assumeRoleArn, { externalId: options.assumeRoleExternalId, purpose: 'publishing role', neededBy: neededBy.length ? neededBy : ['asset publishing'] });
      clients.catch(() => this.roles.delete(options.assumeRoleArn!));
      this.roles.set(options.assumeRoleArn, clients);
    }
    return clients;
  }

  public async discoverPartition(): Promise<string> {
    return partitionOf(this.clients.region);
  }

  public async discoverDefaultRegion(): Promise<string> {
    return this.clients.region;
  }

  public async discoverCurrentAccount(): Promise<Account> {
    return { accountId: (await callerIdentity(this.clients)).account, partition: partitionOf(this.clients.region) };
  }

  public async discoverTargetAccount(options: ClientOptions): Promise<Account> {
    return { accountId: (await callerIdentity(await this.clientsFor(options))).account, partition: partitionOf(this.clients.region) };
  }

  public async s3Client(options: ClientOptions): Promise<IS3Client> {
    return s3Of(await this.clientsFor(options));
  }

  public async ecrClient(options: ClientOptions): Promise<IECRClient> {
    return ecrOf(await this.clientsFor(options));
  }

  public async secretsManagerClient(): Promise<ISecretsManagerClient> {
    throw new DeployError('AssemblyInvalid', 'an asset needs registry credentials from Secrets Manager (cdk-docker-creds), which this tool does not read: publish it with the CDK CLI');
  }
}
