import * as path from 'node:path';
import { JsonFile, javascript, typescript } from 'projen';
import { WorkspaceLint } from './lint';
import { NxWorkspace } from './nx-workspace';
import { RootInstall } from './root-install';
import { SynthStamp } from './synth-stamp';
import { useShellBinPath } from './task-path';
import { pinned, VERSIONS } from './versions';

/** The nx targets of projen's build phases; `build` runs them all in one nx graph. */
const BUILD_PHASES = {
  compile: ['lint', 'build', 'synth', 'docs', 'api'],
  test: ['test'],
  // The compliance report (tools/compliance), from every synthesized stack.
  package: ['report'],
} as const;

/** Folders that hold workspace packages. */
export const WORKSPACE_FOLDERS = ['packages/*', 'apps/*', 'tools/*', 'bench'];

/**
 * The monorepo root: npm workspaces, nx, the shared tsconfig, and root tasks that delegate to nx.
 * It has no sources of its own besides `.projenrc.ts` and `projenrc/`.
 */
export class ListBackupMonorepo extends javascript.NodeProject {
  constructor() {
    super({
      name: 'listbackup-infrastructure',
      description: 'ListBackup AWS infrastructure: per-resource CDK construct packages, core-service, deploy and policy tools',
      defaultReleaseBranch: 'main',
      packageManager: javascript.NodePackageManager.NPM,
      projenVersion: VERSIONS.projen,
      projenrcJs: false,
      github: false,
      jest: false,
      prettier: false,
      package: false,
      npmignoreEnabled: false,
      depsUpgrade: false,
      buildWorkflow: false,
      release: false,
      pullRequestTemplate: false,
      licensed: true,
      license: 'Apache-2.0',
      copyrightOwner: 'ListBackup',
      minNodeVersion: '20.0.0',
      entrypoint: '',
      // Install scripts run only for packages that need them: esbuild (platform binary check), nx.
      allowScripts: ['esbuild', 'nx'],
      devDeps: [pinned('typescript'), pinned('ts-node'), pinned('@types/node'), pinned('nx'), pinned('@nx/js'), pinned('constructs')],
      gitignore: ['/reports/', '/.nx/', '.venv/', '.venv-checkers/', '*.tsbuildinfo', 'graph.json'],
    });
    useShellBinPath(this);
    this.package.addField('private', true);
    this.package.addField('workspaces', WORKSPACE_FOLDERS);
    // The root is an nx project (project.json); its package.json scripts are projen's, never nx targets.
    this.package.addField('nx', { includedScripts: [] });

    const projenrc = new typescript.ProjenrcTs(this, {
      runner: typescript.TypeScriptRunner.tsNode({ tsconfig: 'tsconfig.projen.json', typeCheck: true }),
    });
    projenrc.tsconfig.file.addOverride('compilerOptions', {
      target: 'ES2022',
      module: 'commonjs',
      moduleResolution: 'node',
      strict: true,
      esModuleInterop: true,
      skipLibCheck: true,
      noUnusedLocals: true,
      types: ['node'],
    });

    new javascript.TypescriptConfig(this, {
      fileName: 'tsconfig.base.json',
      include: [],
      exclude: [],
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2022'],
        module: 'Node16',
        moduleResolution: javascript.TypeScriptModuleResolution.NODE16,
        strict: true,
        declaration: true,
        inlineSourceMap: true,
        inlineSources: true,
        esModuleInterop: true,
        skipLibCheck: true,
        forceConsistentCasingInFileNames: true,
        noImplicitReturns: true,
        noFallthroughCasesInSwitch: true,
        noUnusedLocals: true,
        noUnusedParameters: true,
        resolveJsonModule: true,
        types: ['node'],
        // cdk-nag's and cdk-validator-cfnguard's declarations import their aws-cdk-lib types (all
        // of them core's: CfnResource, IAspect, the policy validation interfaces) from the package
        // root, whose index re-exports every service module: 1.0 M lines of declarations per
        // program instead of 0.36 M. Resolving the root to core's declarations gives those files
        // the same types from the same files; tools/repository's tests fail if a dependency
        // imports from the root a name core does not export. Emitted code is unchanged, and our
        // own sources never import the root (lint).
        paths: { 'aws-cdk-lib': ['./node_modules/aws-cdk-lib/core/index.d.ts'] },
      },
    });

    // projen's Node default ignores every folder named `logs`, source folders too (src/rules/logs).
    this.gitignore.removePatterns('logs');
    this.gitignore.exclude('/logs/');
    // The local AWS launcher is Python: its bytecode is not source.
    this.gitignore.exclude('__pycache__/');
    new NxWorkspace(this);
    new RootInstall(this);
    const lint = new WorkspaceLint(this);
    // The root is an nx project of its own: the targets that look at the whole workspace.
    new JsonFile(this, 'project.json', {
      obj: {
        $schema: './node_modules/nx/schemas/project-schema.json',
        name: 'listbackup-infrastructure',
        tags: ['scope:workspace'],
        targets: { lint: lint.nxTarget },
      },
    });
    this.configureTasks();
    // Last, so its fingerprint sees every file the synthesis wrote (and what RootInstall installed).
    new SynthStamp(this);
  }

  private configureTasks(): void {
    // projen's phases, each one nx run over the workspace: compile (lint, build, synth with the
    // policy packs, docs, API reports checked), test, package (the compliance report). nx orders
    // projects and replays cached results.
    this.compileTask.reset(`nx run-many -t ${BUILD_PHASES.compile.join(' ')}`);
    this.testTask.reset(`nx run-many -t ${BUILD_PHASES.test.join(' ')} --output-style=static`);
    this.packageTask.reset(`nx run-many -t ${BUILD_PHASES.package.join(' ')}`);
    // `build` runs the three phases as one nx graph: a project's tests start once its own build is
    // done, not after the whole workspace has compiled, and the report once the stacks are
    // synthesized; two cores stay busy instead of idling at each phase's tail.
    // projen locks the build task, so its steps are set where tasks.json is written.
    this.tryFindObjectFile('.projen/tasks.json')!.addOverride('tasks.build.steps', [
      { spawn: this.defaultTask!.name },
      {
        name: 'compile, test and package as one nx graph',
        exec: `nx run-many -t ${Object.values(BUILD_PHASES).flat().join(' ')} --output-style=static`,
      },
    ]);
    // projen synthesizes only when .projenrc.ts, projenrc/, the projen version or a generated file
    // changed since the last synthesis (.projen/synth-stamp.json): skipping then changes nothing,
    // so `npx projen` still repairs drift, and `npx projen build` of an unchanged tree saves the
    // ts-node start-up and type check of .projenrc.ts. Delete the stamp to force a synthesis.
    this.defaultTask!.addCondition('node projenrc/synth-fingerprint.js --changed');
    this.addTask('synth', {
      description: 'Synthesize every stack into <project>/cdk.out (STAGE selects the stage)',
      exec: 'nx run-many -t synth',
    });
    this.addTask('setup', {
      description: 'Install the Python tools into .venv: moto server (local AWS), cfn-lint and checkov',
      steps: [
        { exec: 'bash tools/local-aws/scripts/install-moto.sh' },
        { exec: 'bash tools/compliance/scripts/install-checkers.sh' },
      ],
    });
    this.addTask('release', {
      description: 'Version changed packages and their dependents, write changelogs, commit and tag (nx release)',
      exec: 'nx release --skip-publish',
      receiveArgs: true,
    });
    this.addTask('release:check', {
      description: 'What a release would do, and npm publish --dry-run of every publishable package',
      steps: [
        { exec: 'nx release --skip-publish --dry-run' },
        { exec: 'nx run-many -t publish-dry-run' },
      ],
    });
    this.addTask('deploy', {
      description: 'Deploy every stack: the five infrastructure stacks in parallel, then core-service',
      exec: 'nx run-many -t deploy',
      receiveArgs: true,
    });
    this.addTask('graph', {
      description: 'Write the nx project graph to graph.json',
      exec: 'nx graph --file=graph.json',
    });
  }

  /**
   * The root tasks that deploy every stack of a stage, given the stack projects in deploy order
   * (infrastructure first): each stack's cloud assembly is `<project>/cdk.out`.
   */
  public addStageDeployTasks(stacks: readonly { readonly outdir: string }[]): void {
    const assemblies = stacks.map((p) => `${path.posix.relative(this.outdir, p.outdir)}/cdk.out`);
    this.addTask('deploy:affected', {
      description: 'Deploy the stacks of --stage <stage> changed since their own last successful deploy there, failed or missing ones, and their dependents (the deploy ledger decides, not git)',
      steps: [
        // Synthesizes every stack for the stage (cached per STAGE), then asks the stage's ledger.
        { exec: `bash tools/deploy/scripts/deploy-affected.sh ${assemblies.map((a) => `--assembly ${a}`).join(' ')}`, receiveArgs: true },
      ],
    });
    this.addTask('deploy:local', {
      description: 'Synthesize, then deploy every stack to the local emulator (started if needed) through change sets',
      steps: [
        // The stacks, and the deploy tool itself (its CLI runs from its compiled lib/), in one nx
        // run, as tools/deploy/scripts/deploy-affected.sh does.
        { exec: "nx run-many --targets=synth,build --projects='tag:scope:infrastructure,tag:scope:app,deploy'" },
        { exec: `listbackup-deploy local ${assemblies.map((a) => `--assembly ${a}`).join(' ')}`, receiveArgs: true },
      ],
    });
  }
}
