import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findChromium, screenshotReport } from '../src';

const browser = findChromium();
// Outside CI a machine without Chromium skips this; CI installs Debian's chromium and must run it.
const run = browser || process.env.CI ? test : test.skip;
if (!browser && !process.env.CI) console.log('screenshot test skipped: no chromium on the PATH (apt-get install chromium)');

run('headless Chromium renders the HTML report to a PNG next to it', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-shot-'));
  const html = path.join(dir, 'index.html');
  fs.writeFileSync(html, '<!doctype html><html><body><h1>Compliance report</h1><p>0 unacknowledged errors</p></body></html>');
  const shot = screenshotReport(html);
  expect(shot.file).toBe(path.join(dir, 'index.png'));
  const png = fs.readFileSync(shot.file!);
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.length).toBeGreaterThan(2000);
});

test('without a browser the screenshot is skipped with what to install', () => {
  const shot = screenshotReport('/nonexistent/index.html', { browser: null });
  expect(shot.skipped ?? '').toMatch(/install Debian's chromium package/);
});
