import * as path from 'node:path';
import { hasCloudAssembly, readAssetManifest, readCloudAssembly, readStackTemplate, RepositoryError } from '@listbackup/repository';
import { DeployError } from './errors';
import { CfnTemplate } from './template';

/** One file asset of an asset manifest (`*.assets.json`), with its destination still templated. */
export interface FileAsset {
  readonly id: string;
  /** Absolute path of the file to upload. */
  readonly sourcePath: string;
  /** e.g. `cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}` */
  readonly bucketName: string;
  readonly objectKey: string;
  /** `file` uploads the file as it is; `zip` zips the directory first (Lambda code). */
  readonly packaging: 'file' | 'zip';
  /** The asset manifest (`*.assets.json`) and destination the asset comes from. */
  readonly manifestFile: string;
  readonly destinationId: string;
  /** The publishing role of the destination (the CDK bootstrap's file-publishing role), still templated. */
  readonly assumeRoleArn?: string;
  readonly assumeRoleExternalId?: string;
}

/** One docker image asset of an asset manifest: built from a directory and pushed to ECR. */
export interface DockerImageAsset {
  readonly id: string;
  readonly manifestFile: string;
  readonly destinationId: string;
  /** The build context, absolute. */
  readonly directory?: string;
  /** e.g. `cdk-hnb659fds-container-assets-${AWS::AccountId}-${AWS::Region}` */
  readonly repositoryName: string;
  readonly imageTag: string;
  readonly assumeRoleArn?: string;
}

/** The CDK bootstrap roles a stack is deployed through (DefaultStackSynthesizer), still templated. */
export interface BootstrapRoles {
  /** The deploy role: assumed for every CloudFormation call of the stack. */
  readonly assumeRoleArn?: string;
  readonly assumeRoleExternalId?: string;
  /** The role CloudFormation itself acts as (`RoleARN`). */
  readonly cloudFormationExecutionRoleArn?: string;
}

/** One stack of a cloud assembly. */
export interface AssemblyStack {
  /** The artifact id in `manifest.json`. */
  readonly artifactId: string;
  readonly stackName: string;
  readonly assemblyDir: string;
  readonly templateFile: string;
  readonly template: CfnTemplate;
  /** The template exactly as synthesized, which is what CloudFormation receives. */
  readonly templateBody: string;
  readonly tags: Record<string, string>;
  /** Stack names this stack depends on through the manifest (`dependencies` between stacks). */
  readonly manifestDependencies: string[];
  /** File assets other than this stack's own template. */
  readonly fileAssets: FileAsset[];
  /** Where the template goes when it is too large for `TemplateBody`. */
  readonly templateAsset?: FileAsset;
  /** Docker image assets the stack's template refers to. */
  readonly dockerImageAssets: DockerImageAsset[];
  /** The manifest's deploy and execution roles; empty for a stack synthesized without them. */
  readonly roles: BootstrapRoles;
  /** The account and region the stack is bound to; absent parts are environment-agnostic. */
  readonly environment: { readonly account?: string; readonly region?: string };
  /** The CDK bootstrap stack version the stack needs, and the SSM parameter that holds the deployed one. */
  readonly bootstrap?: { readonly requiredVersion: number; readonly versionParameter: string };
}

export interface CloudAssembly {
  readonly directory: string;
  readonly stacks: AssemblyStack[];
}

function asDeployError(err: unknown): never {
  if (err instanceof RepositoryError) throw new DeployError('AssemblyInvalid', err.message, { cause: err });
  throw err;
}

function readAssetManifestFile(file: string): { files: FileAsset[]; dockerImages: DockerImageAsset[] } {
  const assemblyDir = path.dirname(file);
  const manifestFile = path.basename(file);
  const manifest = readAssetManifest(file);
  const files: FileAsset[] = [];
  for (const [id, asset] of Object.entries(manifest.files ?? {})) {
    const packaging = asset.source.packaging ?? 'file';
    if (packaging !== 'file' && packaging !== 'zip') {
      throw new DeployError('AssemblyInvalid',
        `asset ${id} in ${manifestFile} has packaging '${packaging}': only 'file' and 'zip' (directory) assets are supported`);
    }
    for (const [destinationId, destination] of Object.entries(asset.destinations)) {
      files.push({
        id, sourcePath: path.join(assemblyDir, asset.source.path!), bucketName: destination.bucketName, objectKey: destination.objectKey, packaging,
        manifestFile: file, destinationId, assumeRoleArn: destination.assumeRoleArn, assumeRoleExternalId: destination.assumeRoleExternalId,
      });
    }
  }
  const dockerImages: DockerImageAsset[] = [];
  for (const [id, image] of Object.entries(manifest.dockerImages ?? {})) {
    for (const [destinationId, destination] of Object.entries(image.destinations)) {
      dockerImages.push({
        id, manifestFile: file, destinationId, directory: image.source.directory && path.join(assemblyDir, image.source.directory),
        repositoryName: destination.repositoryName, imageTag: destination.imageTag, assumeRoleArn: destination.assumeRoleArn,
      });
    }
  }
  return { files, dockerImages };
}

/**
 * Reads a synthesized cloud assembly (`cdk.out`): its stacks, their templates, tags, asset
 * manifests and the dependencies the manifest declares between stacks.
 */
export function readAssembly(directory: string): CloudAssembly {
  const dir = path.resolve(directory);
  if (!hasCloudAssembly(dir)) {
    throw new DeployError('AssemblyInvalid',
      `no cloud assembly at ${dir}: manifest.json is missing; synthesize first (npx projen synth) or pass --assembly <dir>`);
  }
  try {
    const assembly = readCloudAssembly(dir);
    const stackNames = new Map(assembly.stacks.map((s) => [s.artifactId, s.stackName]));
    const stacks = assembly.stacks.map((artifact): AssemblyStack => {
      const { body: templateBody, template } = readStackTemplate(artifact);
      const manifests = artifact.assetManifests.map(readAssetManifestFile);
      const assets = manifests.flatMap((m) => m.files);
      const properties = artifact.properties;
      const templateAsset = assets.find((a) => path.resolve(a.sourcePath) === artifact.templateFile);
      return {
        artifactId: artifact.artifactId,
        stackName: artifact.stackName,
        assemblyDir: dir,
        templateFile: artifact.templateFile,
        template: template as CfnTemplate,
        templateBody,
        tags: properties.tags ?? {},
        manifestDependencies: artifact.dependencies.filter((d) => stackNames.has(d)).map((d) => stackNames.get(d)!),
        fileAssets: assets.filter((a) => a !== templateAsset),
        templateAsset,
        dockerImageAssets: manifests.flatMap((m) => m.dockerImages),
        roles: {
          ...(properties.assumeRoleArn ? { assumeRoleArn: properties.assumeRoleArn } : {}),
          ...(properties.assumeRoleExternalId ? { assumeRoleExternalId: properties.assumeRoleExternalId } : {}),
          ...(properties.cloudFormationExecutionRoleArn ? { cloudFormationExecutionRoleArn: properties.cloudFormationExecutionRoleArn } : {}),
        },
        environment: parseEnvironment(artifact.environment),
        bootstrap: properties.requiresBootstrapStackVersion
          ? { requiredVersion: properties.requiresBootstrapStackVersion, versionParameter: properties.bootstrapStackVersionSsmParameter ?? '/cdk-bootstrap/hnb659fds/version' }
          : undefined,
      };
    });
    return { directory: dir, stacks };
  } catch (err) {
    return asDeployError(err);
  }
}

/** `aws://<account>/<region>`, where `unknown-account` / `unknown-region` mean environment-agnostic. */
function parseEnvironment(environment: string | undefined): { account?: string; region?: string } {
  const match = /^aws:\/\/([^/]+)\/([^/]+)$/.exec(environment ?? '');
  if (!match) return {};
  return {
    ...(match[1] !== 'unknown-account' ? { account: match[1] } : {}),
    ...(match[2] !== 'unknown-region' ? { region: match[2] } : {}),
  };
}
