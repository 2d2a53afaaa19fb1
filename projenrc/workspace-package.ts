import * as fs from 'node:fs';
import * as path from 'node:path';
import { javascript, JsonFile, Project, ProjenrcFile, TextFile } from 'projen';
import { PROJEN_MARKER } from 'projen/lib/common';
import { useShellBinPath } from './task-path';
import { PinnedDependency, VERSIONS, WORKSPACE_VERSION } from './versions';

/** Where a package sits in the nx graph; used for tags and lint-style boundaries. */
export type PackageScope = 'infrastructure' | 'shared' | 'app' | 'tool';

export interface WorkspacePackageOptions {
  /** The monorepo root. */
  readonly parent: Project;
  /** Folder under the root, e.g. `packages/sqs`. */
  readonly outdir: string;
  /** Short name: the nx project name and the npm name after `@listbackup/`. */
  readonly name: string;
  readonly description: string;
  readonly scope: PackageScope;
  /** Third-party runtime dependencies, by their pinned name. */
  readonly deps?: PinnedDependency[];
  /** Third-party development dependencies (test tooling is always added). */
  readonly devDeps?: PinnedDependency[];
  /** Peer dependencies (a construct library takes aws-cdk-lib and constructs as peers). */
  readonly peerDeps?: PinnedDependency[];
  /** Sibling packages this one depends on at run time. */
  readonly workspaceDeps?: WorkspacePackage[];
  /** Sibling packages this one needs only to build or test. */
  readonly workspaceDevDeps?: WorkspacePackage[];
  /**
   * Command-line entry points, `{ command: 'lib/cli.js' }` (the compiled module each one runs).
   * Each gets a committed, executable shim `bin/<command>`, so npm links it at install time (before
   * `lib/` is built) and an nx cache restore of `lib/` cannot lose its executable bit.
   * @default - none
   */
  readonly bin?: Record<string, string>;
  /** Whether other repos install this package. @default true */
  readonly publishable?: boolean;
  /** What this package's jest runs besides the defaults. @default - jest's node environment only */
  readonly jest?: JestOptions;
}

/** A package's own additions to its jest config; module paths are relative to the package. */
export interface JestOptions {
  /** A test environment module (a subclass of jest's node environment), e.g. `test/support/env.ts`. */
  readonly testEnvironment?: string;
  /** Modules run in each test file's registry before its tests. */
  readonly setupFiles?: string[];
  /** A module run once before all test files, and one run once after them. */
  readonly globalSetup?: string;
  readonly globalTeardown?: string;
  /** Jest's `maxWorkers` (a number or a percentage of the cores). @default - jest's default */
  readonly maxWorkers?: number | string;
}

/**
 * Modules and folders that the files under one folder of a project may not import, and why
 * (`WorkspacePackage.restrictImports`).
 */
export interface ImportRestriction {
  /** The folder, relative to the project, e.g. `src/functions`. */
  readonly folder: string;
  /**
   * Module specifiers it may not import: a name matches itself only (`@listbackup/conventions`,
   * not `@listbackup/conventions/names`); a name ending in `/**` matches every subpath too.
   * @default - none
   */
  readonly modules?: string[];
  /** Folders of the same project it may not import, e.g. `src/stack`. @default - none */
  readonly folders?: string[];
  /** Why, said in the lint message. */
  readonly reason: string;
}

/**
 * The renderer of every published package's `docs/API.md` (tools/api-docs), its command, and
 * where API Extractor writes the doc model it reads (build output, outside nx's inputs).
 */
export const API_DOCS = { project: 'api-docs', command: 'listbackup-api-docs' } as const;
const DOC_MODEL_FOLDER = 'dist/api';

const TEST_TOOLING: PinnedDependency[] = ['typescript', 'jest', 'ts-jest', '@types/jest', '@types/node'];

/**
 * A TypeScript package of the npm workspace.
 *
 * - It never installs on its own: the root `npm ci` installs the whole workspace.
 * - It compiles with one `tsc --build` (sources to `lib/`, the published files; tests
 *   type-checked without emit; a stack package's app entry to `app/lib/`); jest only transpiles
 *   (ts-jest `isolatedModules`), so the CDK type graph is checked once.
 * - Its nx targets (`project.json`) run its projen tasks, so a task is written once.
 */
export class WorkspacePackage extends javascript.NodeProject {
  /** The npm name, `@listbackup/<name>`. */
  public readonly packageName: string;
  /** The nx project name. */
  public readonly projectName: string;
  /** Whether other repos install this package (it is released with `nx release`). */
  public readonly publishable: boolean;
  /**
   * The package's version. `nx release version` owns it once the package exists: it writes
   * package.json, and projen keeps what it finds there, so releasing never shows up as drift.
   */
  public readonly version: string;
  /** Where the package sits in the layering; its nx tag is `scope:<scope>`. */
  public readonly scope: PackageScope;
  /** Siblings it depends on at run time, and those it needs only to build or test. */
  public readonly workspaceDeps: readonly WorkspacePackage[];
  public readonly workspaceDevDeps: readonly WorkspacePackage[];
  /**
   * The module specifiers other packages may import: `.` and each subpath export (`./names`).
   * Anything else inside the package is private to it (lint enforces this).
   */
  public readonly entryPoints: string[] = ['.'];
  /**
   * Third-party packages the library sources (`src/`) may import: its runtime and peer
   * dependencies. The rest of its third-party dependencies are for tests and app entries only.
   */
  public readonly runtimePackages: readonly PinnedDependency[];
  /** Third-party development dependencies that are neither runtime nor peer dependencies. */
  public readonly developmentPackages: readonly PinnedDependency[];
  /** Folders of `src/` that may not import some modules or folders (lint enforces it). */
  public readonly importRestrictions: ImportRestriction[] = [];
  private readonly subpathExports: Record<string, unknown> = {};
  /** The tsconfig files `compile` builds, in one `tsc --build`. */
  private readonly buildConfigs: string[] = ['tsconfig.dev.json'];
  /** The folders `compile` writes, emptied before it writes them. */
  private readonly buildOutDirs: string[] = ['lib'];
  private readonly targets: Record<string, Record<string, unknown>> = {};

  constructor(options: WorkspacePackageOptions) {
    const packageName = `@listbackup/${options.name}`;
    super({
      parent: options.parent,
      outdir: options.outdir,
      name: packageName,
      packageName,
      description: options.description,
      defaultReleaseBranch: 'main',
      packageManager: javascript.NodePackageManager.NPM,
      projenVersion: VERSIONS.projen,
      projenDevDependency: false,
      entrypoint: 'lib/index.js',
      licensed: true,
      license: 'Apache-2.0',
      copyrightOwner: 'ListBackup',
      jest: false,
      prettier: false,
      npmignoreEnabled: false,
      package: false,
      depsUpgrade: false,
      buildWorkflow: false,
      release: false,
      pullRequestTemplate: false,
      minNodeVersion: '20.0.0',
    });
    useShellBinPath(this);
    this.packageName = packageName;
    this.projectName = options.name;
    this.publishable = options.publishable ?? true;
    this.version = releasedVersion(this.outdir) ?? WORKSPACE_VERSION;
    this.scope = options.scope;
    this.workspaceDeps = options.workspaceDeps ?? [];
    this.workspaceDevDeps = options.workspaceDevDeps ?? [];
    this.runtimePackages = [...new Set([...(options.deps ?? []), ...(options.peerDeps ?? [])])];
    this.developmentPackages = [...new Set([...TEST_TOOLING, ...(options.devDeps ?? [])])].filter((d) => !this.runtimePackages.includes(d));

    this.package.addVersion(this.version);
    if (this.publishable) {
      this.package.addField('publishConfig', { access: 'public' });
    } else {
      this.package.addField('private', true);
    }
    this.package.addField('types', 'lib/index.d.ts');
    for (const [command, entry] of Object.entries(options.bin ?? {})) this.addCommand(command, entry);
    const bins = Object.keys(options.bin ?? {}).length ? ['bin/**'] : [];
    this.package.addField('files', [...bins, 'lib/**/*.js', 'lib/**/*.d.ts', 'docs/API.md', 'README.md', 'LICENSE']);
    this.package.addField('repository', {
      type: 'git',
      url: 'https://github.com/listbackup/listbackup-infrastructure.git',
      directory: options.outdir,
    });
    // nx reads targets from project.json only; package.json scripts stay projen's.
    this.package.addField('nx', { includedScripts: [] });

    // One install, at the root (npm workspaces).
    for (const name of ['install', 'install:ci']) {
      this.tasks.tryFind(name)?.reset();
    }

    for (const dep of options.deps ?? []) this.addDeps(`${dep}@${VERSIONS[dep]}`);
    // A peer takes any compatible version the consumer has; the pinned one is the dev copy.
    for (const dep of options.peerDeps ?? []) this.addPeerDeps(`${dep}@^${VERSIONS[dep].replace(/^[~^]/, '')}`);
    for (const dep of new Set([...TEST_TOOLING, ...(options.devDeps ?? [])])) {
      this.addDevDeps(`${dep}@${VERSIONS[dep]}`);
    }
    // Real semver ranges on siblings (npm workspaces link them; a consumer resolves them from the registry).
    for (const sibling of options.workspaceDeps ?? []) this.addDeps(`${sibling.packageName}@^${sibling.version}`);
    for (const sibling of options.workspaceDevDeps ?? []) this.addDevDeps(`${sibling.packageName}@^${sibling.version}`);

    const base = path.posix.relative(options.outdir, 'tsconfig.base.json');
    // Sources and tests are two projects of one `tsc --build`: one process, so aws-cdk-lib's
    // declarations are parsed and bound once for both (the test project sees the sources through
    // their declarations). Sources are checked with their own options, tests with theirs.
    const config = new javascript.TypescriptConfig(this, {
      fileName: 'tsconfig.json',
      extends: javascript.TypescriptConfigExtends.fromPaths([base]),
      compilerOptions: { rootDir: 'src', outDir: 'lib', tsBuildInfoFile: 'lib/.tsbuildinfo' },
      include: ['src/**/*.ts'],
      exclude: [],
    });
    // A referenced project must be composite (projen's typed options do not know the flag).
    config.file.addOverride('compilerOptions.composite', true);
    const devConfig = new javascript.TypescriptConfig(this, {
      fileName: 'tsconfig.dev.json',
      extends: javascript.TypescriptConfigExtends.fromPaths([base]),
      // isolatedModules: ts-jest then transpiles each file alone, without building a type program.
      compilerOptions: { noEmit: true, isolatedModules: true, types: ['node', 'jest'], tsBuildInfoFile: 'lib/.dev.tsbuildinfo' },
      include: ['test/**/*.ts'],
      exclude: [],
    });
    devConfig.file.addOverride('references', [{ path: './tsconfig.json' }]);
    const jest = options.jest ?? {};
    const own = (file: string) => `<rootDir>/${file}`;
    new JsonFile(this, 'jest.config.json', {
      obj: {
        testEnvironment: jest.testEnvironment ? own(jest.testEnvironment) : 'node',
        setupFiles: jest.setupFiles?.map(own),
        globalSetup: jest.globalSetup ? own(jest.globalSetup) : undefined,
        globalTeardown: jest.globalTeardown ? own(jest.globalTeardown) : undefined,
        maxWorkers: jest.maxWorkers,
        roots: ['<rootDir>/test'],
        testMatch: ['**/*.test.ts'],
        moduleFileExtensions: ['ts', 'js', 'json'],
        // Type checking happens once, in `compile`; jest only transpiles.
        transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.dev.json' }] },
        testTimeout: 60000,
      },
    });

    new RootProjenrc(this, path.posix.relative(options.outdir, '.projenrc.ts'));
    // projen's Node default ignores every folder named `logs`, source folders too (src/rules/logs).
    this.gitignore.removePatterns('logs');
    this.gitignore.exclude('/logs/');
    this.gitignore.exclude('/lib/', '/coverage/', '/cdk.out/', '/dist/', '*.tsbuildinfo');
    this.configureTasks();

    this.addNxTarget('build', 'compile');
    this.addNxTarget('test', 'test');
    if (this.publishable) {
      this.addApiReference();
      this.addApiReports();
      this.addTask('publish-dry-run', {
        description: 'What npm would publish: the tarball contents and size, nothing uploaded',
        exec: 'npm publish --dry-run --tag dry-run',
      });
      this.addNxTarget('publish-dry-run', 'publish-dry-run', { dependsOn: ['build', 'docs'] });
    }
    new JsonFile(this, 'project.json', {
      obj: () => ({
        $schema: `${path.posix.relative(options.outdir, 'node_modules/nx/schemas/project-schema.json')}`,
        name: this.projectName,
        projectType: options.scope === 'app' ? 'application' : 'library',
        sourceRoot: `${options.outdir}/src`,
        tags: [`scope:${options.scope}`],
        targets: this.targets,
      }),
    });
  }

  /**
   * Publishes `src/<module>.ts` as `<packageName>/<subpath>` (package.json `exports`), beside the
   * main entry. Other packages import only these entries.
   */
  public addSubpathExport(subpath: string, module: string): void {
    this.entryPoints.push(`./${subpath}`);
    this.subpathExports[`./${subpath}`] = { types: `./lib/${module}.d.ts`, default: `./lib/${module}.js` };
    if (this.publishable) this.addApiReport(`lib/${module}.d.ts`, subpath);
    this.package.addField('exports', {
      '.': { types: './lib/index.d.ts', default: './lib/index.js' },
      ...this.subpathExports,
      './package.json': './package.json',
    });
  }

  /**
   * Forbids the files under a folder of this project to import some modules or folders
   * (`listbackup/import-boundaries` reports each such import with the reason).
   */
  public restrictImports(restriction: ImportRestriction): void {
    this.importRestrictions.push(restriction);
  }

  /**
   * Builds one more TypeScript project of this package in the same `tsc --build` as the
   * sources and tests, so aws-cdk-lib's declarations are still parsed and bound once.
   */
  protected addBuildConfig(config: string, outDir: string): void {
    this.buildConfigs.push(config);
    this.buildOutDirs.push(outDir);
    this.resetCompile();
  }

  /**
   * `compile`: the output folders emptied, then one `tsc --build --force` of every project.
   * Emptied because tsc never deletes what a moved or removed source compiled to, and nx caches
   * the whole folder: a stale module would be replayed into every later build, and resolved
   * before the one that replaced it (`lib/stack.js` before `lib/stack/index.js`).
   */
  private resetCompile(): void {
    this.compileTask.reset(`rm -rf ${this.buildOutDirs.join(' ')}`);
    this.compileTask.exec(`tsc --build --force ${this.buildConfigs.join(' ')}`);
  }

  /**
   * Exposes a projen task of this package as an nx target of the same name, run in the package
   * folder. Caching, inputs, outputs and `dependsOn` come from `nx.json`'s `targetDefaults`.
   */
  public addNxTarget(target: string, task: string, extra: Record<string, unknown> = {}): void {
    if (!this.tasks.tryFind(task)) {
      throw new Error(`${this.projectName}: nx target '${target}' names projen task '${task}', which does not exist`);
    }
    this.targets[target] = { command: `projen ${task}`, options: { cwd: '{projectRoot}' }, ...extra };
  }

  /**
   * Declares nx executors of this package (`executors.json`, named by package.json `executors`),
   * each with an options schema that accepts no option.
   */
  public addExecutors(executors: Record<string, { schema: string } & Record<string, unknown>>): void {
    new JsonFile(this, 'executors.json', { obj: { executors } });
    for (const { schema } of Object.values(executors)) {
      new JsonFile(this, schema.replace(/^\.\//, ''), {
        obj: { $schema: 'https://json-schema.org/schema', version: 2, type: 'object', properties: {}, additionalProperties: false },
      });
    }
    this.package.addField('executors', './executors.json');
  }

  /**
   * An nx target run by an nx executor (`<package>:<name>`) instead of a projen task: for work
   * nx itself schedules differently, such as a batch of the same target of several projects in
   * one process. `targetDefaults` of `nx.json` apply as to any target.
   */
  public addNxExecutorTarget(target: string, executor: string, extra: Record<string, unknown> = {}): void {
    this.targets[target] = { executor, ...extra };
  }

  /**
   * `bin/<command>`: a small executable that runs the compiled entry, or says how to build it.
   * npm links a workspace package's bin only when its target exists at install time; this one is
   * committed, so `npm ci` on a fresh clone links it, and it keeps its mode whatever nx restores.
   */
  private addCommand(command: string, entry: string): void {
    const shim = `bin/${command}`;
    new TextFile(this, shim, {
      executable: true,
      lines: [
        '#!/usr/bin/env node',
        `// ${PROJEN_MARKER}`,
        "'use strict';",
        "const path = require('node:path');",
        `const entry = path.join(__dirname, '..', ${JSON.stringify(entry)});`,
        "if (!require('node:fs').existsSync(entry)) {",
        `  process.stderr.write(\`${command}: \${entry} is not built yet: run 'npx projen build' (or 'npx nx run ${this.projectName}:build') at the repository root\\n\`);`,
        '  process.exit(1);',
        '}',
        'require(entry);',
      ],
    });
    this.addBins({ [command]: shim });
  }

  /**
   * `docs/API.md`, the reference of the main entry point, shipped in the tarball next to the
   * README: `listbackup-api-docs` (tools/api-docs) renders it from the doc model that API
   * Extractor writes in `api` (`dist/api/<name>.api.json`), so the declarations are analysed once,
   * for the API report and the reference together.
   */
  private addApiReference(): void {
    this.addTask('docs', {
      description: `Write docs/API.md from API Extractor's doc model of the main entry point (${DOC_MODEL_FOLDER}/, written by the api task)`,
      exec: `${API_DOCS.command} --model ${this.docModelFile} --out docs/API.md`,
    });
    // As a stack's synth runs with its executor built (SYNTH_EXECUTOR), the docs render with the
    // renderer built, and again when its sources change.
    this.addNxTarget('docs', 'docs', {
      dependsOn: ['api', { projects: [API_DOCS.project], target: 'build' }],
      inputs: ['production', '^production', { input: 'production', projects: [API_DOCS.project] }],
      outputs: ['{projectRoot}/docs'],
      cache: true,
    });
    this.gitignore.exclude('/docs/');
  }

  /** The doc model of the main entry point, relative to the package. */
  private get docModelFile(): string {
    return `${DOC_MODEL_FOLDER}/${this.projectName}.api.json`;
  }

  /**
   * `etc/<name>.api.md`: API Extractor's report of the public API, committed, so a change to what
   * the package exports shows in review. `api` (in the build) fails when the report is stale;
   * `api:update` writes it. One report per published entry point; the main entry point's run also
   * writes its doc model (`dist/api/`, an output of the nx target), which `docs` renders.
   */
  private addApiReports(): void {
    this.addDevDeps(`@microsoft/api-extractor@${VERSIONS['@microsoft/api-extractor']}`);
    this.addTask('api', { description: 'Fail when a committed API report (etc/*.api.md) differs from the compiled API (API Extractor)' });
    this.addTask('api:update', { description: 'Write the API reports (etc/*.api.md) from the compiled API (API Extractor)' });
    this.addNxTarget('api', 'api', { dependsOn: ['build'], inputs: ['production', '^production'], outputs: [`{projectRoot}/${DOC_MODEL_FOLDER}`], cache: true });
    this.addApiReport('lib/index.d.ts');
  }

  private addApiReport(entry: string, subpath?: string): void {
    const name = subpath ? `${this.projectName}-${subpath.replace(/\//g, '-')}` : this.projectName;
    const config = `etc/${name}.api-extractor.json`;
    // API Extractor's config schema admits no unknown key: projen's marker goes in a comment.
    new JsonFile(this, config, {
      allowComments: true,
      obj: {
        projectFolder: '..',
        mainEntryPointFilePath: `<projectFolder>/${entry}`,
        newlineKind: 'lf',
        apiReport: { enabled: true, reportFileName: name, reportFolder: '<projectFolder>/etc/', reportTempFolder: '<projectFolder>/lib/.api-report/' },
        docModel: subpath ? { enabled: false } : { enabled: true, apiJsonFilePath: `<projectFolder>/${this.docModelFile}` },
        dtsRollup: { enabled: false },
        tsdocMetadata: { enabled: false },
        messages: {
          // Findings about the API (a type used but not exported…) go into the report, for review.
          // Release tags (@public, @beta) are not used: everything exported is public.
          extractorMessageReporting: { 'default': { logLevel: 'warning', addToApiReportFile: true }, 'ae-missing-release-tag': { logLevel: 'none' } },
          // JSDoc here follows the aws-cdk style (`@default`), not TSDoc: the doc model keeps such a
          // tag as text of the comment, and tools/api-docs renders it.
          tsdocMessageReporting: { default: { logLevel: 'none' } },
        },
      },
    });
    this.tasks.tryFind('api')!.exec(`api-extractor run --config ${config}`);
    this.tasks.tryFind('api:update')!.exec(`api-extractor run --local --config ${config}`);
  }

  private configureTasks(): void {
    // Sources (emitted to lib/), tests (checked, not emitted) and, in a stack package, the app
    // entry (emitted to app/lib/) in one tsc process. `--force`:
    // nx runs this only when the project or a dependency changed, and tsc's own up-to-date check
    // looks at the project's files alone, so it would skip a project whose dependency's types
    // changed; forced, tsc still rechecks only the files its build info says are affected.
    this.resetCompile();
    // Test synths skip CDK's built-in template validation (~1.2 s each): cfn-lint checks every
    // synthesized template in the compliance report, and tests assert what they mean to.
    this.testTask.reset('jest --ci');
    this.testTask.env('CDK_VALIDATION', 'false');
  }
}

/** Points the "generated by projen" marker of a workspace package at the root `.projenrc.ts`. */
class RootProjenrc extends ProjenrcFile {
  constructor(project: Project, public readonly filePath: string) {
    super(project);
  }

  public override preSynthesize(): void {
    // The file lives at the root; nothing to un-ignore in this package.
  }
}

/** The version in an existing package.json (written by `nx release version`), if any. */
function releasedVersion(outdir: string): string | undefined {
  const file = path.join(outdir, 'package.json');
  if (!fs.existsSync(file)) return undefined;
  const version = JSON.parse(fs.readFileSync(file, 'utf8')).version;
  return typeof version === 'string' && version !== '0.0.0' ? version : undefined;
}
