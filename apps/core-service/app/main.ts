import { ListBackupApp, runApp } from '@listbackup/conventions';
import { applyPolicy } from '@listbackup/policy/synth';
import { CoreServiceStack } from '@listbackup/core-service/stack';

process.exitCode = runApp(() => {
  const app = new ListBackupApp();
  new CoreServiceStack(app, { ...app.stackProps, stage: app.stage, tags: app.extraTags });
  applyPolicy(app);
  return app;
});
