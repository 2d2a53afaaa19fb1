import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  ArtifactManifest, ArtifactType, AssemblyManifest, AssetManifest, AwsCloudFormationStackProperties,
  AssetManifestProperties, Manifest, MetadataEntry,
} from '@aws-cdk/cloud-assembly-schema';
import { RepositoryError } from './errors';

/** The manifest file of a cloud assembly. */
export const ASSEMBLY_MANIFEST = 'manifest.json';

/** One stack artifact of a cloud assembly manifest, with its paths made absolute. */
export interface StackArtifact {
  /** The artifact id in `manifest.json`. */
  readonly artifactId: string;
  /** The CloudFormation stack name: `properties.stackName`, else the display name, else the artifact id. */
  readonly stackName: string;
  /** The construct path of the stack (`displayName`, else the artifact id): what construct paths of findings start with. */
  readonly displayName: string;
  /** The template, absolute. */
  readonly templateFile: string;
  readonly properties: AwsCloudFormationStackProperties;
  /** The artifact ids this one depends on: other stacks and the asset manifests of its assets. */
  readonly dependencies: string[];
  /** `aws://<account>/<region>`, as the manifest says it. */
  readonly environment?: string;
  /** The asset manifests (`*.assets.json`) among its dependencies, absolute. */
  readonly assetManifests: string[];
}

/** A cloud assembly's manifest, read and checked against the cloud assembly schema. */
export interface CloudAssemblyManifest {
  /** The assembly folder, absolute. */
  readonly directory: string;
  readonly manifestFile: string;
  readonly manifest: AssemblyManifest;
  /** The stack artifacts, in manifest order. */
  readonly stacks: StackArtifact[];
}

/** Whether `directory` holds a cloud assembly (a `manifest.json`). */
export function hasCloudAssembly(directory: string): boolean {
  return fs.existsSync(path.join(directory, ASSEMBLY_MANIFEST));
}

function invalid(what: string, file: string, err: unknown): RepositoryError {
  return new RepositoryError('AssemblyInvalid', `cannot read ${what} ${file}: ${(err as Error).message}`, { cause: err });
}

/**
 * Reads a synthesized cloud assembly's `manifest.json` with the CDK's own schema
 * (`@aws-cdk/cloud-assembly-schema`), and lists its stacks. A newer schema version than this
 * library knows is read as well: the tools only use fields every version has.
 */
export function readCloudAssembly(directory: string): CloudAssemblyManifest {
  const dir = path.resolve(directory);
  const manifestFile = path.join(dir, ASSEMBLY_MANIFEST);
  if (!fs.existsSync(manifestFile)) {
    throw new RepositoryError('AssemblyMissing',
      `no cloud assembly at ${dir}: ${ASSEMBLY_MANIFEST} is missing; synthesize first (npx projen synth)`);
  }
  let manifest: AssemblyManifest;
  try {
    // Parsed first, so a syntax error is reported without the file's whole text.
    JSON.parse(fs.readFileSync(manifestFile, 'utf-8'));
    manifest = Manifest.loadAssemblyManifest(manifestFile, { skipVersionCheck: true, skipEnumCheck: true });
  } catch (err) {
    throw invalid('cloud assembly manifest', manifestFile, err);
  }
  const artifacts: Record<string, ArtifactManifest> = manifest.artifacts ?? {};
  const stackIds = Object.keys(artifacts).filter((id) => artifacts[id].type === ArtifactType.AWS_CLOUDFORMATION_STACK);
  const stacks = stackIds.map((id): StackArtifact => {
    const artifact = artifacts[id];
    const properties = (artifact.properties ?? {}) as AwsCloudFormationStackProperties;
    if (!properties.templateFile) {
      throw new RepositoryError('AssemblyInvalid', `stack ${id} in ${manifestFile} has no templateFile: synthesize again`);
    }
    const dependencies = artifact.dependencies ?? [];
    return {
      artifactId: id,
      stackName: properties.stackName ?? artifact.displayName ?? id,
      displayName: artifact.displayName ?? id,
      templateFile: path.join(dir, properties.templateFile),
      properties,
      dependencies,
      environment: artifact.environment,
      assetManifests: dependencies
        .filter((d) => artifacts[d]?.type === ArtifactType.ASSET_MANIFEST)
        .map((d) => path.join(dir, (artifacts[d].properties as AssetManifestProperties).file)),
    };
  });
  return { directory: dir, manifestFile, manifest, stacks };
}

/** A stack's template: the text exactly as synthesized (what CloudFormation receives) and parsed. */
export function readStackTemplate(stack: Pick<StackArtifact, 'templateFile'>): { readonly body: string; readonly template: unknown } {
  try {
    const body = fs.readFileSync(stack.templateFile, 'utf-8');
    return { body, template: JSON.parse(body) };
  } catch (err) {
    throw invalid('template', stack.templateFile, err);
  }
}

/** An asset manifest (`*.assets.json`), checked against the schema. */
export function readAssetManifest(file: string): AssetManifest {
  try {
    JSON.parse(fs.readFileSync(file, 'utf-8'));
    return Manifest.loadAssetManifest(file);
  } catch (err) {
    throw invalid('asset manifest', file, err);
  }
}

/**
 * The metadata of one artifact of an assembly: its inline entries and those of its
 * `additionalMetadataFile`, by construct path.
 */
export function artifactMetadata(assembly: CloudAssemblyManifest, artifactId: string): Record<string, MetadataEntry[]> {
  const artifact = assembly.manifest.artifacts?.[artifactId];
  const inline = artifact?.metadata ?? {};
  const extraFile = artifact?.additionalMetadataFile && path.join(assembly.directory, artifact.additionalMetadataFile);
  if (!extraFile || !fs.existsSync(extraFile)) return inline;
  try {
    return { ...inline, ...JSON.parse(fs.readFileSync(extraFile, 'utf-8')) };
  } catch (err) {
    throw invalid('artifact metadata', extraFile, err);
  }
}
