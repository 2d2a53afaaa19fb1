import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ComplianceError } from './errors';

const BROWSERS = ['chromium', 'chromium-browser', 'google-chrome'];

/** The first headless-capable browser on the PATH, if any. */
export function findChromium(): string | undefined {
  for (const name of BROWSERS) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (found.status === 0 && found.stdout.trim()) return found.stdout.trim();
  }
  return undefined;
}

export interface ScreenshotResult {
  readonly file?: string;
  /** Why there is no screenshot, when there is none. */
  readonly skipped?: string;
}

/**
 * Opens the HTML report in headless Chromium and keeps a PNG of it next to the report, so a
 * reviewer (or CI's artifact list) sees the page as a person would.
 */
export function screenshotReport(htmlFile: string, options: { readonly browser?: string | null } = {}): ScreenshotResult {
  // `browser: null` means "as if none were installed"; left out, the PATH is searched.
  const browser = options.browser === undefined ? findChromium() : options.browser;
  if (!browser) {
    return { skipped: `no Chromium on the PATH (${BROWSERS.join(', ')}): install Debian's chromium package for a screenshot` };
  }
  const file = path.join(path.dirname(htmlFile), 'index.png');
  fs.rmSync(file, { force: true });
  const run = spawnSync(browser, [
    '--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--window-size=1280,1600',
    `--screenshot=${file}`, `file://${path.resolve(htmlFile)}`,
  ], { encoding: 'utf8', timeout: 120_000 });
  if (run.status !== 0 || !fs.existsSync(file)) {
    throw new ComplianceError('ScreenshotFailed', `${browser} could not take a screenshot of ${htmlFile} (exit ${run.status}): ${(run.stderr ?? '').trim().slice(-500)}`);
  }
  return { file };
}
