#!/usr/bin/env node
import { ComplianceOptions, runCompliance } from './compliance';
import { screenshotReport } from './screenshot';

const USAGE = `usage: listbackup-compliance [--root <repo>] [--out <folder>] [--cfn-lint] [--checkov] [--control-tower] [--screenshot] [--venv-bin <folder>]

Collects the policy results of every synthesized stack (packages/*/cdk.out, apps/*/cdk.out) into
index.html, summary.md, results.sarif, junit.xml and findings.json, with cfn-lint, checkov and
AWS Control Tower's proactive controls when asked (and index.png of the page with
--screenshot, when Chromium is installed). Exits 1 on any unacknowledged
error or failing checker, 2 on bad usage.`;

export function parseArgs(argv: string[]): ComplianceOptions & { help?: boolean; screenshot?: boolean } {
  const options: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '--root': options.root = value(); break;
      case '--out': options.out = value(); break;
      case '--venv-bin': options.venvBin = value(); break;
      case '--cfn-lint': options.cfnLint = true; break;
      case '--checkov': options.checkov = true; break;
      case '--control-tower': options.controlTower = true; break;
      case '--screenshot': options.screenshot = true; break;
      case '-h': case '--help': options.help = true; break;
      default: throw new Error(`unknown argument '${arg}'`);
    }
  }
  return options;
}

export function main(argv: string[]): number {
  let options;
  try {
    options = parseArgs(argv);
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const run = runCompliance(options);
  for (const p of run.report.projects.filter((x) => x.notSynthesized)) console.warn(`${p.dir}: ${p.notSynthesized}`);
  for (const c of run.report.checkers) console.log(`${c.name}: ${c.passed ? 'passed' : 'FAILED'} (${c.summary})`);
  console.log(`report written to ${run.files[0].replace(/[^/\\]+$/, '')}`);
  if (options.screenshot) {
    const html = run.files.find((f) => f.endsWith('index.html'))!;
    const shot = screenshotReport(html);
    console.log(shot.file ? `screenshot: ${shot.file}` : `screenshot skipped: ${shot.skipped}`);
  }
  if (run.failures.length === 0) {
    console.log('compliance: passed');
    return 0;
  }
  console.error(`compliance: ${run.failures.length} failure(s)\n${run.failures.map((f) => `  ${f}`).join('\n')}`);
  return 1;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    console.error(`compliance: ${(error as Error).message}`);
    process.exitCode = 2;
  }
}
