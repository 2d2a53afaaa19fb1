import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Extractor, ExtractorConfig, ExtractorLogLevel } from '@microsoft/api-extractor';

/** The fixture package: a package.json and the declarations tsc would emit. */
export const SAMPLE = path.join(__dirname, '..', 'fixtures', 'sample');

/**
 * Writes the doc model of the fixture package with API Extractor, as a published package's `api`
 * task does, into a new temporary folder; returns the `.api.json` file.
 */
export function sampleDocModel(): string {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'api-docs-'));
  const apiJsonFilePath = path.join(out, 'queues.api.json');
  const config = ExtractorConfig.prepare({
    configObject: {
      projectFolder: SAMPLE,
      mainEntryPointFilePath: '<projectFolder>/index.d.ts',
      compiler: { overrideTsconfig: { compilerOptions: { strict: true, skipLibCheck: true, types: [] }, files: ['index.d.ts'] } },
      apiReport: { enabled: false },
      docModel: { enabled: true, apiJsonFilePath },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      newlineKind: 'lf',
      messages: {
        extractorMessageReporting: { default: { logLevel: ExtractorLogLevel.None } },
        tsdocMessageReporting: { default: { logLevel: ExtractorLogLevel.None } },
        compilerMessageReporting: { default: { logLevel: ExtractorLogLevel.Error } },
      },
    },
    configObjectFullPath: undefined,
    packageJsonFullPath: path.join(SAMPLE, 'package.json'),
  });
  const result = Extractor.invoke(config, { localBuild: true, messageCallback: (m) => { if (m.logLevel !== ExtractorLogLevel.Error) m.handled = true; } });
  if (!result.succeeded) throw new Error(`API Extractor failed on the fixture: ${result.errorCount} error(s)`);
  return apiJsonFilePath;
}
