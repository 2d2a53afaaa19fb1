import './source-maps';
import { NxContext, NxTaskGraph, NxTaskResult, projectDir } from './nx';
import { synthesizeStackApp } from './synthesize';

/**
 * nx runs this for every `synth` task of a run that is not in its cache, in one process (the
 * executor prefers batching): each stack project's app is synthesized in turn into its own
 * `cdk.out`, so aws-cdk-lib and the policy packs are loaded and compiled once, not once a stack.
 * Each task's result and output are its own: nx caches and prints them per project, and an app
 * that is refused fails its task alone.
 */
export default async function* synthBatch(
  taskGraph: NxTaskGraph,
  _inputs: unknown,
  _overrides: unknown,
  context: NxContext,
): AsyncGenerator<{ task: string; result: NxTaskResult }> {
  for (const task of Object.values(taskGraph.tasks)) {
    const result = synthesizeStackApp(projectDir(context, task.target.project));
    yield {
      task: task.id,
      result: { success: result.success, terminalOutput: result.output, startTime: result.startTime, endTime: result.endTime },
    };
  }
}
