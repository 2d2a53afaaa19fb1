import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

/** The SARIF 2.1.0 schema shipped inside @microsoft/jest-sarif (no download). */
export function sarifSchemaFile(): string {
  const pkg = path.dirname(require.resolve('@microsoft/jest-sarif/package.json'));
  const file = path.join(pkg, 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');
  if (!fs.existsSync(file)) throw new Error(`SARIF schema not found at ${file}: is @microsoft/jest-sarif installed?`);
  return file;
}

/**
 * Validation errors of a SARIF log, empty when valid. The schema is draft-04 (`id`, no
 * exclusiveMinimum), which ajv 8 reads as draft-07 once `id` is renamed `$id`;
 * its patterns are not valid in unicode mode, hence `unicodeRegExp: false`.
 */
export function validateSarif(log: unknown): string[] {
  const schema = JSON.parse(fs.readFileSync(sarifSchemaFile(), 'utf8'));
  schema.$id = schema.id;
  delete schema.id;
  schema.$schema = 'http://json-schema.org/draft-07/schema#';
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  return validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
