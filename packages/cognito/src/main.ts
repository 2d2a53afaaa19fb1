import { ListBackupApp, runApp } from '@listbackup/conventions';
import { applyPolicy } from '@listbackup/policy';
import { resolveCallbackUrls } from './callback-urls';
import { InfrastructureCognitoStack } from './stack';

runApp(() => {
  const app = new ListBackupApp({
    contextKeys: {
      callbackUrls: 'OAuth callback URLs of the web client, a JSON array or comma-separated; main and dev have defaults',
      dataBucketName: 'data bucket whose accounts/<identity>/ prefix users may use; default listbackup-<stage>-data-<account>',
      dataBucketKeyArn: 'KMS key ARN of the data bucket, when it is SSE-KMS; default none',
    },
  });
  new InfrastructureCognitoStack(app, {
    stage: app.stage,
    tags: app.extraTags,
    callbackUrls: resolveCallbackUrls(app, app.stage),
    dataBucketName: app.node.tryGetContext('dataBucketName'),
    dataBucketKeyArn: app.node.tryGetContext('dataBucketKeyArn'),
  });
  applyPolicy(app);
  return app;
});
