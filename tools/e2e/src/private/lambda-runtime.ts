/*
 * The process one local invocation runs in: it loads the deployment package's handler, as Lambda's
 * Node.js runtime does (`<module>.<export>` relative to the package root), receives the event from
 * the parent, and answers with the result or the error. One process per invocation: a cold start
 * each time, which initialises the handler module with exactly the function's environment.
 */
import * as path from 'node:path';

interface Invocation { readonly event: unknown }

const [codeDir, handler] = process.argv.slice(2);

function loadHandler(): (event: unknown, context: unknown) => Promise<unknown> {
  const dot = handler.lastIndexOf('.');
  const modulePath = path.join(codeDir, handler.slice(0, dot));
  const exported = require(modulePath)[handler.slice(dot + 1)];
  if (typeof exported !== 'function') throw new Error(`handler '${handler}' is not a function exported by ${modulePath}`);
  return exported;
}

process.once('message', async (message: Invocation) => {
  try {
    const fn = loadHandler();
    const context = { functionName: process.env.AWS_LAMBDA_FUNCTION_NAME, awsRequestId: process.env.LOCAL_REQUEST_ID };
    const result = await fn(message.event, context);
    process.send!({ ok: true, result: result ?? null }, () => process.exit(0));
  } catch (error) {
    const e = error as Error;
    process.send!({ ok: false, errorType: e?.name ?? 'Error', errorMessage: e?.message ?? String(error) }, () => process.exit(0));
  }
});
