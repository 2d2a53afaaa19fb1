// @ts-check
/**
 * The layering of the monorepo as one lint rule. Its options are generated from the projen
 * projects (`projenrc/lint.ts`): each project's folder, npm name, public entries, `scope:` tag and
 * declared sibling dependencies. For every module specifier of a file it checks, in this order:
 *
 * - a folder with an import restriction (`restrictions`) imports none of its forbidden modules or folders;
 * - a relative import stays inside its own project (another project is reached by its npm name);
 * - a package's `src/` never imports its `test/` or its app entry (`appEntries`, e.g. `app/`);
 * - a sibling is imported only through an entry it publishes (`.` or a subpath export);
 * - the importing project's scope may depend on the imported project's scope (`dependsOn`); the
 *   library sources (`src/`) of a project use the narrower `libraryDependsOn`;
 * - the sibling is a declared dependency: a runtime one for library sources, any one elsewhere;
 * - library sources import no third-party package that the project declares only as a development
 *   dependency (tests and app entries may).
 */
import * as path from 'node:path';

const PACKAGE_NAME = /^(@[^/]+\/[^/]+)(\/.*)?$/;
/** The package a bare specifier names: `@scope/name` or `name`, before any subpath. */
const THIRD_PARTY_NAME = /^((?:@[^/]+\/)?[^/.:][^/:]*)(?:\/.*)?$/;

/** @typedef {{ folder: string; modules?: string[]; folders?: string[]; reason: string }} Restriction */
/**
 * @typedef {{ name: string; root: string; packageName: string; scope: string; entryPoints: string[]; deps: string[]; devDeps: string[];
 *   runtimePackages?: string[]; developmentPackages?: string[]; appEntries: string[]; restrictions?: Restriction[] }} Project
 */
/** @typedef {{ workspaceRoot: string; projects: Project[]; dependsOn: Record<string, string[]>; libraryDependsOn: Record<string, string[]> }} Options */

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports follow the layering: project scopes, public entries, declared dependencies, src/ apart from test/' },
    schema: [{ type: 'object', additionalProperties: true }],
    messages: {
      relativeIntoProject: "'{{specifier}}' reaches into {{target}}: import it by its package name, {{packageName}}",
      relativeOutOfProject: "'{{specifier}}' leaves {{project}}: a project imports only its own files and the packages it depends on",
      sourceImportsTest: "'{{specifier}}' is a test module: src/ never imports test/ (move what both need into src/)",
      sourceImportsApp: "'{{specifier}}' is in the app entry ({{folder}}): src/ never imports it (the app entry imports the library, by its package name)",
      restricted: "'{{specifier}}' may not be imported from {{folder}} of {{project}}: {{reason}}",
      developmentPackage: "{{packageName}} is only a development dependency of {{project}}: library sources (src/) import its runtime and peer dependencies only (import it from a test or the app entry, or declare it as a runtime dependency in .projenrc.ts)",
      privateEntry: "'{{specifier}}' is not a public entry of {{packageName}}: import one of {{entries}}",
      scope: "{{project}} (scope:{{from}}) may not import {{packageName}} (scope:{{to}}): {{rule}}",
      undeclared: "{{packageName}} is not a {{kind}} dependency of {{project}}: declare it in .projenrc.ts",
    },
  },
  create(context) {
    const options = /** @type {Options} */ (context.options[0]);
    const file = path.resolve(context.filename);
    const projects = [...options.projects]
      .map((p) => ({ ...p, dir: path.join(options.workspaceRoot, p.root) }))
      .sort((a, b) => b.dir.length - a.dir.length);
    const owner = projects.find((p) => isInside(file, p.dir));
    if (!owner) return {};
    const inProject = path.relative(owner.dir, file).split(path.sep).join('/');
    const library = inProject.startsWith('src/');
    const restrictions = (owner.restrictions ?? []).filter((r) => inProject.startsWith(r.folder));
    const byName = new Map(projects.map((p) => [p.packageName, p]));

    /** @param {import('estree').Node} node @param {string} specifier @param {string} [inTarget] */
    function restricted(node, specifier, inTarget) {
      const rule = restrictions.find((r) => inTarget !== undefined
        ? (r.folders ?? []).some((f) => `${inTarget}/`.startsWith(f))
        : (r.modules ?? []).some((m) => (m.endsWith('/**') ? specifier === m.slice(0, -3) || specifier.startsWith(m.slice(0, -2)) : specifier === m)));
      if (rule) context.report({ node, messageId: 'restricted', data: { specifier, folder: rule.folder, project: owner.name, reason: rule.reason } });
      return rule !== undefined;
    }

    /** @param {import('estree').Node} node @param {string} specifier */
    function check(node, specifier) {
      if (specifier.startsWith('.') || path.isAbsolute(specifier)) {
        const target = path.resolve(path.dirname(file), specifier);
        if (!isInside(target, owner.dir)) {
          const other = projects.find((p) => isInside(target, p.dir));
          if (other) context.report({ node, messageId: 'relativeIntoProject', data: { specifier, target: other.root, packageName: other.packageName } });
          else context.report({ node, messageId: 'relativeOutOfProject', data: { specifier, project: owner.root } });
          return;
        }
        if (restricted(node, specifier, path.relative(owner.dir, target).split(path.sep).join('/'))) return;
        if (library && isInside(target, path.join(owner.dir, 'test'))) {
          context.report({ node, messageId: 'sourceImportsTest', data: { specifier } });
          return;
        }
        const app = owner.appEntries.find((folder) => isInside(target, path.join(owner.dir, folder)));
        if (library && app) context.report({ node, messageId: 'sourceImportsApp', data: { specifier, folder: app } });
        return;
      }
      if (restricted(node, specifier)) return;
      const thirdParty = THIRD_PARTY_NAME.exec(specifier)?.[1];
      if (library && thirdParty && (owner.developmentPackages ?? []).includes(thirdParty)) {
        context.report({ node, messageId: 'developmentPackage', data: { packageName: thirdParty, project: owner.name } });
        return;
      }
      const match = PACKAGE_NAME.exec(specifier);
      const target = match ? byName.get(match[1]) : undefined;
      if (!match || !target || target === owner) return;
      const entry = `.${match[2] ?? ''}`;
      if (!target.entryPoints.includes(entry)) {
        context.report({ node, messageId: 'privateEntry', data: { specifier, packageName: target.packageName, entries: target.entryPoints.map((e) => `'${path.posix.join(target.packageName, e)}'`).join(', ') } });
        return;
      }
      const allowed = (library ? options.libraryDependsOn : options.dependsOn)[owner.scope] ?? [];
      if (!allowed.includes(target.scope)) {
        const rule = `${library ? 'the library sources of ' : ''}scope:${owner.scope} projects depend on ${allowed.length ? allowed.map((s) => `scope:${s}`).join(', ') : 'no other project'} only`;
        context.report({ node, messageId: 'scope', data: { project: owner.name, from: owner.scope, packageName: target.packageName, to: target.scope, rule } });
        return;
      }
      const declared = library ? owner.deps : [...owner.deps, ...owner.devDeps];
      if (!declared.includes(target.packageName)) {
        context.report({ node, messageId: 'undeclared', data: { packageName: target.packageName, kind: library ? 'runtime' : 'declared', project: owner.name } });
      }
    }

    /** @param {any} node */
    const fromSource = (node) => {
      if (node.source && typeof node.source.value === 'string') check(node.source, node.source.value);
    };
    return {
      ImportDeclaration: fromSource,
      ExportNamedDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ImportExpression: fromSource,
      /** @param {any} node */
      CallExpression(node) {
        const [first] = node.arguments;
        const callee = node.callee;
        const named = callee.type === 'Identifier' ? callee.name
          : callee.type === 'MemberExpression' && callee.property.type === 'Identifier' ? `${callee.object.name}.${callee.property.name}` : '';
        if (['require', 'require.resolve', 'jest.mock', 'jest.requireActual'].includes(named) && first?.type === 'Literal' && typeof first.value === 'string') {
          check(first, first.value);
        }
      },
      /** @param {any} node */
      TSExternalModuleReference(node) {
        if (node.expression?.type === 'Literal') check(node.expression, node.expression.value);
      },
    };
  },
};

/** @param {string} file @param {string} dir */
function isInside(file, dir) {
  const relative = path.relative(dir, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

export default { meta: { name: 'listbackup' }, rules: { 'import-boundaries': rule } };
