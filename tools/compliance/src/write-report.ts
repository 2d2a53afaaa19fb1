import * as fs from 'node:fs';
import * as path from 'node:path';
import { ComplianceReport } from './model';
import { renderHtml } from './writers/html';
import { renderJson } from './writers/json';
import { renderJunit } from './writers/junit';
import { renderMarkdown } from './writers/markdown';
import { renderSarif } from './writers/sarif';

/** The five report files, by name. */
export const REPORT_FILES = ['index.html', 'summary.md', 'results.sarif', 'junit.xml', 'findings.json'] as const;

/** Writes every report file into `outDir` (created if missing) and returns their paths. */
export function writeReport(report: ComplianceReport, outDir: string): string[] {
  fs.mkdirSync(outDir, { recursive: true });
  const contents: Record<(typeof REPORT_FILES)[number], string> = {
    'index.html': renderHtml(report),
    'summary.md': renderMarkdown(report),
    'results.sarif': JSON.stringify(renderSarif(report), null, 2) + '\n',
    'junit.xml': renderJunit(report),
    'findings.json': renderJson(report),
  };
  return REPORT_FILES.map((name) => {
    const file = path.join(outDir, name);
    fs.writeFileSync(file, contents[name]);
    return file;
  });
}
