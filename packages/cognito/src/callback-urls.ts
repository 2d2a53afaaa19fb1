import { ConfigurationError } from '@listbackup/conventions';
import { IConstruct } from 'constructs';

/** OAuth callback URLs of the stages that have a known web app; others must pass context `callbackUrls`. */
export const DEFAULT_CALLBACK_URLS: Readonly<Record<string, readonly string[]>> = {
  main: ['https://app.listbackup.ai/auth/callback'],
  dev: ['http://localhost:3000/auth/callback'],
};

/**
 * The callback URLs of a stage: the context key `callbackUrls` (a JSON array or a comma-separated
 * list) when set, else the stage's default. A stage with neither is an error that says what to pass.
 */
export function resolveCallbackUrls(scope: IConstruct, stage: string): string[] {
  const raw: unknown = scope.node.tryGetContext('callbackUrls');
  if (raw === undefined) {
    const fallback = DEFAULT_CALLBACK_URLS[stage];
    if (fallback) return [...fallback];
    throw new ConfigurationError('InvalidContext',
      `stage '${stage}' has no OAuth callback URLs: the Cognito web client needs at least one. ` +
      `Pass --context callbackUrls='["https://<your-app>/auth/callback"]' (or a comma-separated list); ` +
      `only ${Object.keys(DEFAULT_CALLBACK_URLS).join(' and ')} have defaults`,
    );
  }
  let value = raw;
  if (typeof raw === 'string') {
    const text = raw.trim();
    if (text.startsWith('[')) {
      try {
        value = JSON.parse(text);
      } catch {
        throw new ConfigurationError('InvalidContext', `context key 'callbackUrls' is not valid JSON: ${raw}; pass an array such as ["https://app.example.com/auth/callback"]`);
      }
    } else {
      value = text.split(',').map((u) => u.trim()).filter(Boolean);
    }
  }
  if (!Array.isArray(value) || value.length === 0 || value.some((u) => typeof u !== 'string')) {
    throw new ConfigurationError('InvalidContext',
      `context key 'callbackUrls' must be a non-empty list of URLs, such as ["https://app.example.com/auth/callback"]; got ${JSON.stringify(raw)}`,
    );
  }
  return value as string[];
}
