import { ListBackupApp, runApp } from '@listbackup/conventions';
import { applyPolicy } from '@listbackup/policy/synth';
import { InfrastructureCognitoStack, resolveCallbackUrls } from '@listbackup/cognito';
import { S3Contract } from '@listbackup/s3';

process.exitCode = runApp(() => {
  const app = new ListBackupApp({
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
});
