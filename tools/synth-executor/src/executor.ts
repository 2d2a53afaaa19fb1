import './source-maps';
import { NxContext, projectDir } from './nx';
import { synthesizeStackApp } from './synthesize';

/**
 * nx runs this for one `synth` task when it does not batch (`--batch=false`, `NX_BATCH_MODE=false`):
 * the project's app, synthesized in this task's own process.
 */
export default async function synth(_options: unknown, context: NxContext): Promise<{ success: boolean }> {
  if (!context.projectName) throw new Error('synth: nx gave the executor no project');
  const result = synthesizeStackApp(projectDir(context, context.projectName));
  process.stdout.write(result.output);
  return { success: result.success };
}
