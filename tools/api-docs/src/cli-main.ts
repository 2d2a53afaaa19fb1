import { defineCli, ExitCode, UsageError } from '@listbackup/cli';
import { writeApiReference } from './api-docs';
import { ApiDocsError } from './errors';

/** The command line of `listbackup-api-docs`, in the style of every ListBackup tool (`@listbackup/cli`). */
export const API_DOCS_CLI = defineCli({
  name: 'listbackup-api-docs',
  description: `Writes a package's API reference, one Markdown file, from the doc model API Extractor wrote
for its main entry point (the docModel of its api-extractor.json).`,
  options: {
    model: { type: 'string', value: '<file>', description: 'the doc model to read, e.g. dist/api/sqs.api.json' },
    out: { type: 'string', value: '<file>', description: 'the Markdown file to write [default: docs/API.md]', default: 'docs/API.md' },
  },
  errors: { types: [ApiDocsError] },
  run({ values, out }) {
    if (!values.model) throw new UsageError('--model <file> is required: the doc model to read');
    const result = writeApiReference(values.model, values.out);
    out.line(`${result.file}: ${result.packageName}, ${result.lines} lines`);
    return ExitCode.Success;
  },
});
