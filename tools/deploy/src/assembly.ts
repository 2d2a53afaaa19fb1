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

function readFileAssets(assemblyDir: string, manifestFile: string): FileAsset[] {
  const manifest = readJson<{ files?: Record<string, { source: { path: string; packaging?: string }; destinations: Record<string, { bucketName: string; objectKey: string }> }> }>(
    path.join(assemblyDir, manifestFile), 'asset manifest');
  const assets: FileAsset[] = [];
  for (const [id, file] of Object.entries(manifest.files ?? {})) {
    const packaging = file.source.packaging ?? 'file';
    if (packaging !== 'file' && packaging !== 'zip') {
      throw new DeployError('AssemblyInvalid',
        `asset ${id} in ${manifestFile} has packaging '${packaging}': only 'file' and 'zip' (directory) assets are supported`);
    }
    for (const destination of Object.values(file.destinations)) {
      assets.push({ id, sourcePath: path.join(assemblyDir, file.source.path), bucketName: destination.bucketName, objectKey: destination.objectKey, packaging });
    }
  }
  return assets;
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
    const assets = deps
      .filter((d) => artifacts[d]?.type === 'cdk:asset-manifest')
      .flatMap((d) => readFileAssets(dir, artifacts[d].properties!.file!));
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
