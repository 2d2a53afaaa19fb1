import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
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

interface ManifestArtifact {
  readonly type: string;
  readonly properties?: {
    readonly templateFile?: string; readonly file?: string; readonly tags?: Record<string, string>; readonly stackName?: string;
    readonly requiresBootstrapStackVersion?: number; readonly bootstrapStackVersionSsmParameter?: string;
    readonly assumeRoleArn?: string; readonly assumeRoleExternalId?: string; readonly cloudFormationExecutionRoleArn?: string;
  };
  readonly environment?: string;
  readonly dependencies?: string[];
  readonly displayName?: string;
}

function readJson<T>(file: string, what: string): T {
  try {
    return JSON.parse(readFileSync(file, 'utf-8')) as T;
  } catch (err) {
    throw new DeployError('AssemblyInvalid', `cannot read ${what} ${file}: ${(err as Error).message}`, { cause: err });
  }
}

interface AssetManifestFile {
  readonly files?: Record<string, {
    source: { path: string; packaging?: string };
    destinations: Record<string, { bucketName: string; objectKey: string; assumeRoleArn?: string; assumeRoleExternalId?: string }>;
  }>;
  readonly dockerImages?: Record<string, {
    source: { directory?: string; executable?: string[] };
    destinations: Record<string, { repositoryName: string; imageTag: string; assumeRoleArn?: string }>;
  }>;
}

function readAssetManifest(assemblyDir: string, manifestFile: string): { files: FileAsset[]; dockerImages: DockerImageAsset[] } {
  const file = path.join(assemblyDir, manifestFile);
  const manifest = readJson<AssetManifestFile>(file, 'asset manifest');
  const files: FileAsset[] = [];
  for (const [id, asset] of Object.entries(manifest.files ?? {})) {
    const packaging = asset.source.packaging ?? 'file';
    if (packaging !== 'file' && packaging !== 'zip') {
      throw new DeployError('AssemblyInvalid',
        `asset ${id} in ${manifestFile} has packaging '${packaging}': only 'file' and 'zip' (directory) assets are supported`);
    }
    for (const [destinationId, destination] of Object.entries(asset.destinations)) {
      files.push({
        id, sourcePath: path.join(assemblyDir, asset.source.path), bucketName: destination.bucketName, objectKey: destination.objectKey, packaging,
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
  const manifestFile = path.join(dir, 'manifest.json');
  if (!existsSync(manifestFile)) {
    throw new DeployError('AssemblyInvalid',
      `no cloud assembly at ${dir}: manifest.json is missing; synthesize first (npx projen synth) or pass --assembly <dir>`);
  }
  const manifest = readJson<{ artifacts?: Record<string, ManifestArtifact> }>(manifestFile, 'cloud assembly manifest');
  const artifacts = manifest.artifacts ?? {};
  const stackIds = Object.keys(artifacts).filter((id) => artifacts[id].type === 'aws:cloudformation:stack');
  const stackNameOf = (id: string) => artifacts[id].properties?.stackName ?? artifacts[id].displayName ?? id;

  const stacks = stackIds.map((id): AssemblyStack => {
    const artifact = artifacts[id];
    const templateFile = artifact.properties?.templateFile;
    if (!templateFile) throw new DeployError('AssemblyInvalid', `stack ${id} in ${manifestFile} has no templateFile`);
    const templatePath = path.join(dir, templateFile);
    const templateBody = readFileSync(templatePath, 'utf-8');
    const template = readJson<CfnTemplate>(templatePath, 'template');
    const deps = artifact.dependencies ?? [];
    const manifests = deps
      .filter((d) => artifacts[d]?.type === 'cdk:asset-manifest')
      .map((d) => readAssetManifest(dir, artifacts[d].properties!.file!));
    const assets = manifests.flatMap((m) => m.files);
    const properties = artifact.properties ?? {};
    const templateAsset = assets.find((a) => path.resolve(a.sourcePath) === path.resolve(templatePath));
    return {
      artifactId: id,
      stackName: stackNameOf(id),
      assemblyDir: dir,
      templateFile: templatePath,
      template,
      templateBody,
      tags: artifact.properties?.tags ?? {},
      manifestDependencies: deps.filter((d) => stackIds.includes(d)).map(stackNameOf),
      fileAssets: assets.filter((a) => a !== templateAsset),
      templateAsset,
      dockerImageAssets: manifests.flatMap((m) => m.dockerImages),
      roles: {
        ...(properties.assumeRoleArn ? { assumeRoleArn: properties.assumeRoleArn } : {}),
        ...(properties.assumeRoleExternalId ? { assumeRoleExternalId: properties.assumeRoleExternalId } : {}),
        ...(properties.cloudFormationExecutionRoleArn ? { cloudFormationExecutionRoleArn: properties.cloudFormationExecutionRoleArn } : {}),
      },
      environment: parseEnvironment(artifact.environment),
      bootstrap: artifact.properties?.requiresBootstrapStackVersion
        ? { requiredVersion: artifact.properties.requiresBootstrapStackVersion, versionParameter: artifact.properties.bootstrapStackVersionSsmParameter ?? '/cdk-bootstrap/hnb659fds/version' }
        : undefined,
    };
  });
  return { directory: dir, stacks };
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
