import { Component, JsonFile, TextFile, javascript } from 'projen';
import { WorkspacePackage } from './workspace-package';
import { StackPackage, SYNTH_EXECUTOR } from './stack-package';

/**
 * `nx.json`: nx owns task ordering and caching for the whole workspace.
 *
 * - build, test and synth are cached; deploy never is.
 * - Inputs are the tracked sources of a project plus the production files of what it depends
 *   on; build output (`lib/`, `app/lib/`, `cdk.out/`), reports and coverage are never inputs, so running a
 *   target does not invalidate the next one.
 */
export class NxWorkspace extends Component {
  constructor(project: javascript.NodeProject) {
    super(project);
    const generated = [
      '!{projectRoot}/lib/**',
      // A stack package's compiled app entry.
      '!{projectRoot}/app/lib/**',
      '!{projectRoot}/cdk.out/**',
      '!{projectRoot}/coverage/**',
      '!{projectRoot}/reports/**',
      '!{projectRoot}/dist/**',
    ];
    // nx reads the root .env at start-up, before it builds the project graph (and passes it to
    // every task). Its project-graph plugins are its own (project.json, package.json; the workspace
    // loads no third-party plugin), so they run in nx's process rather than in a worker process
    // each: every nx command starts about 0.7 s sooner, which a no-op `deploy:affected` or a
    // cached build feels.
    const env = new TextFile(project, '.env', { marker: true });
    env.addLine(`# ${env.marker}`);
    env.addLine('# Read by nx at start-up (projenrc/nx-workspace.ts says why).');
    env.addLine('NX_ISOLATE_PLUGINS=false');
    new JsonFile(project, 'nx.json', {
      obj: () => ({
        $schema: './node_modules/nx/schemas/nx-schema.json',
        defaultBase: 'main',
        neverConnectToCloud: true,
        parallel: 2,
        namedInputs: {
          sharedGlobals: ['{workspaceRoot}/tsconfig.base.json', '{workspaceRoot}/nx.json'],
          default: ['{projectRoot}/**/*', 'sharedGlobals', ...generated],
          manifest: ['{projectRoot}/package.json'],
          production: [
            'default',
            '!{projectRoot}/test/**',
            '!{projectRoot}/tsconfig.dev.json',
            '!{projectRoot}/jest.config.json',
          ],
        },
        targetDefaults: {
          build: {
            dependsOn: ['^build'],
            // What tsc reads of a dependency is its declarations and its manifest (types, exports),
            // not its sources: a change inside a dependency's implementation leaves every dependent
            // build a cache hit, while the dependents' tests and synths (inputs `^production`) run.
            inputs: ['default', '^manifest', { dependentTasksOutputFiles: '**/*.d.ts', transitive: true }],
            outputs: ['{projectRoot}/lib'],
            cache: true,
          },
          test: {
            dependsOn: ['build'],
            inputs: ['default', '^production', { env: 'AWS_ENDPOINT_URL' }],
            cache: true,
          },
          deploy: {
            // A stack deploys its own fresh synth (a task of the graph, from the cache when
            // unchanged, never a nested nx call), after the stacks whose exports it imports.
            dependsOn: ['synth', '^deploy'],
            cache: false,
          },
          synth: {
            // The stack's compiled app, and the executor that synthesizes it (SYNTH_EXECUTOR). And
            // every stack project's build: nx batches the synths that are ready at one moment, so
            // a synth that waited only for its own build would start a process of its own (three
            // a run: the four stacks that import nothing, cognito, core-service); this way one
            // process synthesizes them all, after the last build (usually a cache hit).
            dependsOn: [
              'build',
              { projects: [SYNTH_EXECUTOR.project], target: 'build' },
              { projects: project.subprojects.filter((p) => p instanceof StackPackage).map((p) => (p as StackPackage).projectName), target: 'build' },
            ],
            // The stage as the apps resolve it (conventions' resolveStage: STAGE, else DEFAULT_STAGE
            // 'main'), not the variable: a plain build's synth and `deploy:affected --stage main`
            // (which sets STAGE=main) then share one cache entry instead of synthesizing twice
            // (tools/repository's tests hold the default here to DEFAULT_STAGE).
            inputs: [
              'production', '^production', { input: 'production', projects: [SYNTH_EXECUTOR.project] },
              { runtime: 'echo "stage=${STAGE:-main}"' }, { env: 'CDK_CONTEXT_JSON' },
            ],
            outputs: ['{projectRoot}/cdk.out'],
            cache: true,
          },
        },
        // Independent versions from conventional commits; a package whose dependency was bumped is
        // bumped too; each package keeps its own CHANGELOG.md. Tags: `<project>@<version>`.
        release: {
          projects: project.subprojects
            .filter((p): p is WorkspacePackage => p instanceof WorkspacePackage && p.publishable)
            .map((p) => p.projectName),
          projectsRelationship: 'independent',
          releaseTag: { pattern: '{projectName}@{version}' },
          version: { conventionalCommits: true, fallbackCurrentVersionResolver: 'disk' },
          // Before a package's first tag, its changelog starts at the first commit.
          changelog: { workspaceChangelog: false, automaticFromRef: true, projectChangelogs: { createRelease: false } },
        },
      }),
    });
  }
}
