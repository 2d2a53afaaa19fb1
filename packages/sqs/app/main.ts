import { ListBackupApp, runApp } from '@listbackup/conventions';
import { applyPolicy } from '@listbackup/policy/synth';
import { InfrastructureSqsStack } from '@listbackup/sqs';

process.exitCode = runApp(() => {
  const app = new ListBackupApp();
  new InfrastructureSqsStack(app, { ...app.stackProps, stage: app.stage, tags: app.extraTags });
  applyPolicy(app);
  return app;
});
