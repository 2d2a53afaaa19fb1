import { ListBackupApp, ListBackupAppProps, runApp } from '@listbackup/conventions';
import { applyPolicy } from '@listbackup/policy/synth';
import { InfrastructureCognitoStack, resolveCallbackUrls } from '@listbackup/cognito';
import { S3Contract } from '@listbackup/s3';

/**
 * This project's app: its stack with the policy packs. The build's `synth` synthesizes it in one
 * process with the other stack projects' apps (`@listbackup/synth-executor`), each into its own
 * `cdk.out`; run as a program it synthesizes this app alone.
 */
export function buildApp(props: ListBackupAppProps = {}): ListBackupApp {
  const app = new ListBackupApp({
    ...props,
    contextKeys: {
      callbackUrls: 'OAuth callback URLs of the web client, a JSON array or comma-separated; main and dev have defaults',
    },
  });
  new InfrastructureCognitoStack(app, {
    ...app.stackProps,
    stage: app.stage,
    tags: app.extraTags,
    callbackUrls: resolveCallbackUrls(app, app.stage),
    // The data bucket and its key come from the S3 stack's exports of the same stage.
    importDataBucket: (scope) => S3Contract.import(scope, app.stage).dataBucket,
  });
  applyPolicy(app);
  return app;
}

// `node app/lib/main.js` (projen synth, the CDK CLI's --app): synthesize into cdk.out, or CDK_OUTDIR.
if (require.main === module) process.exitCode = runApp(() => buildApp());
