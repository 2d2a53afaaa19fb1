/**
 * The parts of nx's executor interface this executor uses (nx's `ExecutorContext`, `TaskGraph`
 * and `TaskResult`), written out so that the package needs no type from nx's internals.
 */
export interface NxContext {
  /** The workspace root. */
  readonly root: string;
  readonly projectName?: string;
  readonly projectsConfigurations: { readonly projects: Record<string, { readonly root: string }> };
}

export interface NxTaskGraph {
  readonly tasks: Record<string, { readonly id: string; readonly target: { readonly project: string } }>;
}

export interface NxTaskResult {
  readonly success: boolean;
  readonly terminalOutput: string;
  readonly startTime: number;
  readonly endTime: number;
}

/** The folder of an nx project. */
export function projectDir(context: NxContext, project: string): string {
  const config = context.projectsConfigurations.projects[project];
  if (!config) throw new Error(`synth: nx knows no project '${project}'`);
  return `${context.root}/${config.root}`;
}
