import * as path from 'node:path';
import { readCheckovSkips, runCfnLint, runCheckov } from './checkers';
import { readControlTowerSkips, runControlTower } from './control-tower';
import { findRepositoryRoot } from '@listbackup/repository';
import { collectProjects } from './collect';
import { CheckerResult, ComplianceReport, failures } from './model';
import { writeReport } from './write-report';

export interface ComplianceOptions {
  /** Repository root; default: the folder holding nx.json above the working directory. */
  readonly root?: string;
  /** Report folder; default `<root>/reports/compliance`. */
  readonly out?: string;
  readonly cfnLint?: boolean;
  readonly checkov?: boolean;
  /** Run AWS Control Tower's proactive controls (cfn-guard) over every template. */
  readonly controlTower?: boolean;
  /** Folder with the cfn-lint and checkov executables; default `<root>/.venv-checkers/bin` (apart from moto's `.venv`: checkov pins many libraries). */
  readonly venvBin?: string;
  /** Default: checkov-skips.json of this tool. */
  readonly checkovSkipsFile?: string;
  /** Default: control-tower-skips.json of this tool. */
  readonly controlTowerSkipsFile?: string;
}

export interface ComplianceRun {
  readonly report: ComplianceReport;
  readonly files: string[];
  /** What makes the run fail; empty when it passes. */
  readonly failures: string[];
}

/** Collects every project's policy results, runs the requested checkers, writes the five report files. */
export function runCompliance(options: ComplianceOptions = {}): ComplianceRun {
  const root = path.resolve(options.root ?? findRepositoryRoot(process.cwd(), 'pass --root <folder>'));
  const projects = collectProjects(root);
  const templates = projects.flatMap((p) => p.stacks.map((s) => s.template));
  const venvBin = options.venvBin ?? path.join(root, '.venv-checkers', 'bin');
  const checkers: CheckerResult[] = [];
  if (options.cfnLint) checkers.push(runCfnLint(root, templates, venvBin));
  if (options.checkov) {
    const skipsFile = options.checkovSkipsFile ?? path.join(__dirname, '..', 'checkov-skips.json');
    checkers.push(runCheckov(root, templates, venvBin, readCheckovSkips(skipsFile, root)));
  }
  if (options.controlTower) {
    const skipsFile = options.controlTowerSkipsFile ?? path.join(__dirname, '..', 'control-tower-skips.json');
    checkers.push(runControlTower(root, templates, readControlTowerSkips(skipsFile, root)));
  }
  const report: ComplianceReport = { root, generatedAt: new Date().toISOString(), projects, checkers };
  const files = writeReport(report, path.resolve(options.out ?? path.join(root, 'reports', 'compliance')));
  return { report, files, failures: failures(report) };
}
