import * as path from 'node:path';
import { javascript, JsonFile } from 'projen';
import { WorkspacePackage, WorkspacePackageOptions } from './workspace-package';

/** Where a stack package's app entry lives, and where `compile` writes it. */
export const APP_ENTRY = { folder: 'app', source: 'app/main.ts', outDir: 'app/lib', compiled: 'app/lib/main.js' } as const;

/**
 * The nx executor of every stack project's `synth` target, and the project that holds it
 * (tools/synth-executor; `nx.json` makes each synth depend on its build and its sources).
 */
export const SYNTH_EXECUTOR = { project: 'synth-executor', executor: '@listbackup/synth-executor:synth' } as const;

/**
 * A workspace package that also synthesizes one CloudFormation stack.
 *
 * Its app entry, `app/main.ts`, lives beside the library, not in it: it builds the app with the
 * policy packs (a development dependency) and imports the library by its package name, as any
 * consumer would. `compile` builds it in the same `tsc --build` as the sources and the tests,
 * into `app/lib/`, so the published `lib/` holds the library alone. (Not `bin/`: in this repo a
 * `bin/` folder holds the committed command shims that npm links and publishes.)
 *
 * The app entry exports `buildApp(props)` and synthesizes it when run as a program. `projen synth`
 * runs the compiled entry with node, not ts-node (it is already compiled and type-checked by
 * `build`): one stack. The nx target `synth` runs the executor of `SYNTH_EXECUTOR`, which nx hands
 * every synth of a run that its cache does not answer at once: one process builds each project's
 * app into that project's `cdk.out`, and loads aws-cdk-lib and the policy packs once. The policy
 * packs run as CDK validation plugins inside synth, so a finding fails it. `cdk.json` lets the
 * CDK CLI drive the same app.
 */
export class StackPackage extends WorkspacePackage {
  constructor(options: WorkspacePackageOptions) {
    super(options);
    const app = `node --enable-source-maps ${APP_ENTRY.compiled}`;
    // A third project of the one `tsc --build`: the declarations it reads (aws-cdk-lib's, the
    // library's own in lib/) are those the other two projects parsed already; only the entry is checked.
    const appConfig = new javascript.TypescriptConfig(this, {
      fileName: 'tsconfig.app.json',
      extends: javascript.TypescriptConfigExtends.fromPaths([path.posix.relative(options.outdir, 'tsconfig.base.json')]),
      compilerOptions: {
        rootDir: APP_ENTRY.folder,
        outDir: APP_ENTRY.outDir,
        declaration: false,
        tsBuildInfoFile: `${APP_ENTRY.outDir}/.tsbuildinfo`,
      },
      include: [`${APP_ENTRY.folder}/**/*.ts`],
      exclude: [`${APP_ENTRY.outDir}/**`],
    });
    appConfig.file.addOverride('references', [{ path: './tsconfig.json' }]);
    this.addBuildConfig('tsconfig.app.json', APP_ENTRY.outDir);
    this.gitignore.exclude(`/${APP_ENTRY.outDir}/`);
    this.addNxTarget('build', 'compile', { outputs: ['{projectRoot}/lib', `{projectRoot}/${APP_ENTRY.outDir}`] });

    new JsonFile(this, 'cdk.json', {
      obj: { app, output: 'cdk.out', context: {} },
    });
    this.addTask('synth', {
      description: 'Synthesize the stack into cdk.out/ (STAGE or context `stage` selects the stage)',
      // No clean first: a refused stage or context must leave the last good cdk.out as it was.
      // Readers go by manifest.json, so a template of another stage left beside it is never read.
      steps: [
        // Source maps put each policy finding on the line of TypeScript that made the construct.
        { exec: app },
      ],
    });
    this.addNxExecutorTarget('synth', SYNTH_EXECUTOR.executor);
    this.addTask('deploy', {
      description: 'Deploy the stack in cdk.out/: change set, progress, clear failures (nx synthesizes it first)',
      exec: 'listbackup-deploy deploy --assembly cdk.out',
      receiveArgs: true,
    });
    this.addNxTarget('deploy', 'deploy');
  }
}
