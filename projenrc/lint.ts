import { Component, FileBase, IResolver, javascript, Project } from 'projen';
import { APP_ENTRY } from './stack-package';
import { PackageScope, WorkspacePackage } from './workspace-package';
import { pinned } from './versions';

/**
 * What each scope may import, anywhere in a project (tests, app entries) and in its library
 * sources (`src/`). `packages/*` (shared, infrastructure) never import apps or
 * tools; the infrastructure libraries never import each other (their stacks deploy in parallel),
 * while an app entry or a test may read the contract of a stack it imports from; an app's tests
 * may start the local AWS of a tool, its sources may not.
 */
const DEPENDS_ON: Record<PackageScope, PackageScope[]> = {
  shared: ['shared'],
  infrastructure: ['shared', 'infrastructure'],
  app: ['shared', 'infrastructure', 'tool'],
  tool: ['shared', 'infrastructure', 'app', 'tool'],
};
const LIBRARY_DEPENDS_ON: Record<PackageScope, PackageScope[]> = {
  ...DEPENDS_ON,
  infrastructure: ['shared'],
  app: ['shared', 'infrastructure'],
};

/** typescript-eslint's recommended rules, and where this repo departs from them. */
const RULES = {
  // `_name` marks a parameter or binding kept for its position or to drop it from a rest object.
  '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true }],
  // aws-cdk-lib's root declarations re-export every service module: one import from it puts about a
  // million lines of declarations (3,000 files) into each type check, tsc's and API Extractor's;
  // `aws-cdk-lib/core` and the service modules bring in only what they use.
  'no-restricted-imports': ['error', {
    paths: [{ name: 'aws-cdk-lib', message: "import from 'aws-cdk-lib/core' or the service module ('aws-cdk-lib/aws-sqs'): the root brings every aws-cdk-lib module's declarations into the type check" }],
  }],
};

/**
 * Tests read synthesized templates and tool output as plain JSON, and load modules afresh with
 * `require` inside `jest.isolateModules`.
 */
const TEST_RULES = {
  '@typescript-eslint/no-explicit-any': 'off',
  '@typescript-eslint/no-require-imports': 'off',
};

/**
 * Where a project's app entry lives: it synthesizes the stack with the policy packs, so it may
 * import development dependencies; it is not part of the library (`src/`), which never imports it.
 */
const APP_ENTRIES = [`${APP_ENTRY.folder}/`];

/** Never linted: build output, generated docs and reports, installed tools. */
const IGNORES = ['**/node_modules/', '**/lib/', '**/cdk.out/', '**/coverage/', '**/dist/', '**/docs/', 'reports/', '.venv/', '.venv-checkers/', '**/*.d.ts'];

/**
 * Lint for the whole workspace: one typescript-eslint run at the root (an nx target, cached on
 * the sources and this config), with the layering of the projects as the rule
 * `listbackup/import-boundaries` (`lint/import-boundaries.mjs`, options generated from the
 * projects here). `npx projen lint` runs it; the build runs it with the other targets.
 */
export class WorkspaceLint extends Component {
  /** The nx target of the root project. */
  public readonly nxTarget: Record<string, unknown>;

  constructor(project: javascript.NodeProject) {
    super(project);
    project.addDevDeps(pinned('eslint'), pinned('@eslint/js'), pinned('typescript-eslint'));
    new EslintConfig(project);

    // eslint's own cache re-lints only changed files when nx's hash changes; it lives in node_modules.
    project.addTask('lint:run', {
      description: 'typescript-eslint over every project, then the tests of the layering rule',
      steps: [
        { exec: 'eslint --max-warnings 0 --cache --cache-strategy content --cache-location node_modules/.cache/eslint/ .' },
        { exec: 'node --test lint/' },
      ],
    });
    project.addTask('lint', {
      description: 'Lint every project (typescript-eslint and the import boundaries), through the nx cache',
      exec: 'nx run listbackup-infrastructure:lint --output-style=static',
      receiveArgs: true,
    });
    this.nxTarget = {
      command: 'projen lint:run',
      cache: true,
      inputs: [
        '{workspaceRoot}/**/*.ts',
        '{workspaceRoot}/**/*.mjs',
        '!{workspaceRoot}/**/*.d.ts',
        { externalDependencies: ['eslint', '@eslint/js', 'typescript-eslint'] },
      ],
      outputs: [],
    };
  }
}

/** `eslint.config.mjs`, written at synthesis from the projects the root holds then. */
class EslintConfig extends FileBase {
  constructor(project: Project) {
    super(project, 'eslint.config.mjs', { marker: true });
  }

  protected synthesizeContent(_: IResolver): string | undefined {
    const packages = this.project.subprojects.filter((p): p is WorkspacePackage => p instanceof WorkspacePackage);
    const projects = packages.map((p) => ({
      name: p.projectName,
      root: p.outdir.slice(this.project.outdir.length + 1).split('\\').join('/'),
      packageName: p.packageName,
      scope: p.scope,
      entryPoints: p.entryPoints,
      deps: p.workspaceDeps.map((d) => d.packageName),
      devDeps: p.workspaceDevDeps.map((d) => d.packageName),
      runtimePackages: p.runtimePackages,
      developmentPackages: p.developmentPackages,
      appEntries: APP_ENTRIES,
      restrictions: p.importRestrictions.map((r) => ({ ...r, folder: `${r.folder}/`, folders: (r.folders ?? []).map((f) => `${f}/`) })),
    }));
    const options = { projects, dependsOn: DEPENDS_ON, libraryDependsOn: LIBRARY_DEPENDS_ON };
    return [
      `// ${this.marker}`,
      "import js from '@eslint/js';",
      "import { defineConfig } from 'eslint/config';",
      "import tseslint from 'typescript-eslint';",
      "import listbackup from './lint/import-boundaries.mjs';",
      '',
      '/** The projects and what each scope may import (projenrc/lint.ts). */',
      `const layering = ${JSON.stringify(options, undefined, 2)};`,
      '',
      'export default defineConfig([',
      `  { ignores: ${JSON.stringify(IGNORES)} },`,
      '  { linterOptions: { reportUnusedDisableDirectives: \'error\' } },',
      "  { files: ['**/*.ts', '**/*.mjs'], extends: [js.configs.recommended] },",
      `  { files: ['**/*.ts'], extends: [tseslint.configs.recommended], rules: ${JSON.stringify(RULES)} },`,
      `  { files: ['**/test/**/*.ts'], rules: ${JSON.stringify(TEST_RULES)} },`,
      '  {',
      "    files: ['**/*.mjs'],",
      "    languageOptions: { sourceType: 'module', globals: { console: 'readonly', process: 'readonly' } },",
      '  },',
      '  {',
      "    files: ['**/*.ts'],",
      '    plugins: { listbackup },',
      "    rules: { 'listbackup/import-boundaries': ['error', { workspaceRoot: import.meta.dirname, ...layering }] },",
      '  },',
      ']);',
      '',
    ].join('\n');
  }
}
