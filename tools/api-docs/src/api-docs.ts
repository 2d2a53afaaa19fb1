import * as fs from 'node:fs';
import * as path from 'node:path';
import { ApiModel, ApiPackage } from '@microsoft/api-extractor-model';
import { ApiDocsError } from './errors';
import { renderApiReference } from './render';

/** What `writeApiReference` wrote. */
export interface ApiReferenceResult {
  /** The package the doc model describes, `@listbackup/sqs`. */
  readonly packageName: string;
  /** The Markdown file written. */
  readonly file: string;
  /** Its number of lines. */
  readonly lines: number;
}

/**
 * Reads the doc model API Extractor wrote for one package (`<name>.api.json`, its `docModel`) and
 * writes the package's API reference, one Markdown file.
 */
export function writeApiReference(modelFile: string, outFile: string): ApiReferenceResult {
  const { model, apiPackage } = loadDocModel(modelFile);
  const markdown = renderApiReference(model, apiPackage);
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, markdown);
  return { packageName: apiPackage.name, file: outFile, lines: markdown.split('\n').length - 1 };
}

/** The API reference (Markdown) of the package whose doc model is `modelFile`. */
export function readApiReference(modelFile: string): string {
  const { model, apiPackage } = loadDocModel(modelFile);
  return renderApiReference(model, apiPackage);
}

/** The doc model in `modelFile` and its one package, or an error that says what is wrong with it. */
function loadDocModel(modelFile: string): { model: ApiModel; apiPackage: ApiPackage } {
  if (!fs.existsSync(modelFile)) {
    throw new ApiDocsError('ModelMissing',
      `no doc model at ${modelFile}: API Extractor writes it in the package's api task (npx nx run <project>:docs runs that first)`);
  }
  const model = new ApiModel();
  let apiPackage;
  try {
    apiPackage = model.loadPackage(modelFile);
  } catch (e) {
    throw new ApiDocsError('ModelInvalid', `${modelFile} is not a doc model API Extractor can read back: ${(e as Error).message}`, { cause: e });
  }
  if (apiPackage.entryPoints.length !== 1) {
    throw new ApiDocsError('NoEntryPoint', `${modelFile} has ${apiPackage.entryPoints.length} entry points; the reference is written from exactly one`);
  }
  return { model, apiPackage };
}
