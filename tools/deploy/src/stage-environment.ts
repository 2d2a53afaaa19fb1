import * as path from 'node:path';
import { ASSEMBLY_MANIFEST, artifactMetadata, readCloudAssembly } from '@listbackup/repository';
import { ENVIRONMENT_METADATA_TYPE, ResolvedEnvironment, TAG_KEYS } from '@listbackup/conventions/names';
import { AssemblyStack } from './assembly';
import { DeployError } from './errors';

const cache = new Map<string, ResolvedEnvironment | undefined>();

/**
 * The stage environment synth recorded for a stack (its manifest metadata, inline or in the
 * artifact's `additionalMetadataFile`), or undefined for a stage without an entry.
 */
export function stageEnvironmentOf(stack: AssemblyStack): ResolvedEnvironment | undefined {
  const key = `${stack.assemblyDir}|${stack.artifactId}`;
  if (cache.has(key)) return cache.get(key);
  const manifestFile = path.join(stack.assemblyDir, ASSEMBLY_MANIFEST);
  let found: ResolvedEnvironment | undefined;
  try {
    const metadata = artifactMetadata(readCloudAssembly(stack.assemblyDir), stack.artifactId);
    found = Object.values(metadata).flat().find((m) => m.type === ENVIRONMENT_METADATA_TYPE)?.data as ResolvedEnvironment | undefined;
  } catch (err) {
    throw new DeployError('AssemblyInvalid', `cannot read the stage environment of ${stack.stackName} from ${manifestFile}: ${(err as Error).message}`, { cause: err });
  }
  if (found && (!Array.isArray(found.regions) || !Array.isArray(found.accounts) || !found.stage)) {
    throw new DeployError('AssemblyInvalid', `${stack.stackName}: the stage environment in ${manifestFile} is malformed: synthesize again with this version of the tools`);
  }
  cache.set(key, found);
  return found;
}

/** The stage of the stacks (their names end in `-<stage>`), from their environment or their Stage tag. */
export function stageOfStacks(stacks: AssemblyStack[]): string | undefined {
  const stages = new Set(stacks.map((s) => stageEnvironmentOf(s)?.stage ?? s.tags[TAG_KEYS.stage]).filter(Boolean));
  if (stages.size > 1) {
    throw new DeployError('UsageError', `the assemblies hold stacks of several stages (${[...stages].join(', ')}): deploy one stage at a time`);
  }
  return [...stages][0];
}

/** True when any stack of the stage is protected (its environment says so). */
export function isProtectedStage(stacks: AssemblyStack[]): boolean {
  return stacks.some((s) => stageEnvironmentOf(s)?.protected === true);
}
