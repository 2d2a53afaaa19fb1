import { JsonFile } from 'projen';
import { WorkspacePackage, WorkspacePackageOptions } from './workspace-package';

/**
 * A workspace package that also synthesizes one CloudFormation stack (`src/main.ts`).
 *
 * `projen synth` (nx target `synth`) runs the compiled app with node, not ts-node: sources are
 * already compiled and type-checked by `build`. The policy packs run as CDK validation plugins
 * inside that synth, so a finding fails it. `cdk.json` lets the CDK CLI drive the same app.
 */
export class StackPackage extends WorkspacePackage {
  constructor(options: WorkspacePackageOptions) {
    super(options);
    new JsonFile(this, 'cdk.json', {
      obj: { app: 'node --enable-source-maps lib/main.js', output: 'cdk.out', context: {} },
    });
    this.addTask('synth', {
      description: 'Synthesize the stack into cdk.out/ (STAGE or context `stage` selects the stage)',
      // No clean first: a refused stage or context must leave the last good cdk.out as it was.
      // Readers go by manifest.json, so a template of another stage left beside it is never read.
      steps: [
        // Source maps put each policy finding on the line of TypeScript that made the construct.
        { exec: 'node --enable-source-maps lib/main.js' },
      ],
    });
    this.addNxTarget('synth', 'synth');
    this.addTask('deploy', {
      description: 'Deploy the stack in cdk.out/: change set, progress, clear failures (nx synthesizes it first)',
      exec: 'listbackup-deploy deploy --assembly cdk.out',
      receiveArgs: true,
    });
    this.addNxTarget('deploy', 'deploy');
  }
}
