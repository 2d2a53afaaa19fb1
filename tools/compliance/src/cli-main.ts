import { defineCli, ExitCode } from '@listbackup/cli';
import { runCompliance } from './compliance';
import { ComplianceError } from './errors';
import { RepositoryError } from '@listbackup/repository';
import { screenshotReport } from './screenshot';

/** The command line of `listbackup-compliance`, in the style of every ListBackup tool (`@listbackup/cli`). */
export const COMPLIANCE_CLI = defineCli({
  name: 'listbackup-compliance',
  description: `Collects the policy results of every synthesized stack (packages/*/cdk.out, apps/*/cdk.out) into
index.html, summary.md, results.sarif, junit.xml and findings.json, with cfn-lint, checkov and
AWS Control Tower's proactive controls when asked (and index.png of the page with
--screenshot, when Chromium is installed).`,
  options: {
    'root': { type: 'string', value: '<repo>', description: 'the repository [default: the folder holding nx.json, from here up]' },
    'out': { type: 'string', value: '<folder>', description: 'the report folder [default: <root>/reports/compliance]' },
    'cfn-lint': { type: 'boolean', description: 'also run cfn-lint over every synthesized template' },
    'checkov': { type: 'boolean', description: 'also run checkov over every synthesized template' },
    'control-tower': { type: 'boolean', description: 'also run AWS Control Tower\'s proactive controls (cfn-guard)' },
    'screenshot': { type: 'boolean', description: 'write index.png of the page, when Chromium is installed' },
    'venv-bin': { type: 'string', value: '<folder>', description: 'where cfn-lint and checkov are [default: <root>/.venv-checkers/bin]' },
  },
  failureMeans: 'an unacknowledged error or a failing checker (each is printed), or the report could not be made',
  errors: { types: [ComplianceError, RepositoryError] },
  run({ values, out, err }) {
    const run = runCompliance({
      root: values.root, out: values.out, venvBin: values['venv-bin'],
      cfnLint: values['cfn-lint'], checkov: values.checkov, controlTower: values['control-tower'],
    });
    for (const p of run.report.projects.filter((x) => x.notSynthesized)) err.line(`${p.dir}: ${p.notSynthesized}`);
    for (const c of run.report.checkers) out.line(`${c.name}: ${c.passed ? 'passed' : 'FAILED'} (${c.summary})`);
    out.line(`report written to ${run.files[0].replace(/[^/\\]+$/, '')}`);
    if (values.screenshot) {
      const html = run.files.find((f) => f.endsWith('index.html'))!;
      const shot = screenshotReport(html);
      out.line(shot.file ? `screenshot: ${shot.file}` : `screenshot skipped: ${shot.skipped}`);
    }
    if (run.failures.length === 0) {
      out.line('compliance: passed');
      return ExitCode.Success;
    }
    err.line(`compliance: ${run.failures.length} failure(s)\n${run.failures.map((f) => `  ${f}`).join('\n')}`);
    return ExitCode.Failure;
  },
});
