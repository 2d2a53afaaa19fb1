import { ListBackupApp, runApp } from '@listbackup/conventions';
import { applyPolicy } from '@listbackup/policy/synth';
import { InfrastructureDynamoDbStack } from '@listbackup/dynamodb';

process.exitCode = runApp(() => {
  const app = new ListBackupApp();
  new InfrastructureDynamoDbStack(app, { ...app.stackProps, stage: app.stage, tags: app.extraTags });
  applyPolicy(app);
  return app;
});
