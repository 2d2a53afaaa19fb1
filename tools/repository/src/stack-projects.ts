import * as path from 'node:path';
import { INFRASTRUCTURE_KINDS, InfrastructureKind } from '@listbackup/conventions/names';

/** The folder of an infrastructure package, `packages/<kind>`. */
export function infrastructureProject(kind: InfrastructureKind): string {
  return `packages/${kind}`;
}

/** The core service's project folder. */
export const CORE_SERVICE_PROJECT = 'apps/core-service';

/** The infrastructure projects, one per kind of `INFRASTRUCTURE_KINDS`, in its order. */
export const INFRASTRUCTURE_PROJECTS: readonly string[] = INFRASTRUCTURE_KINDS.map(infrastructureProject);

/** Every stack project of the repository: the infrastructure packages, then the core service (the deploy order). */
export const STACK_PROJECTS: readonly string[] = [...INFRASTRUCTURE_PROJECTS, CORE_SERVICE_PROJECT];

/** The folder a stack project synthesizes its cloud assembly into. */
export const ASSEMBLY_FOLDER = 'cdk.out';

/** The cloud assembly folder of every stack project, under `root` (absolute when `root` is). */
export function stackAssemblies(root: string): string[] {
  return STACK_PROJECTS.map((project) => path.join(root, project, ASSEMBLY_FOLDER));
}
