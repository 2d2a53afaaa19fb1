import { ListBackupApp, runApp } from '@listbackup/conventions';
import { applyPolicy } from '@listbackup/policy/synth';
import { InfrastructureS3Stack } from '@listbackup/s3';

process.exitCode = runApp(() => {
  const app = new ListBackupApp();
  new InfrastructureS3Stack(app, { ...app.stackProps, stage: app.stage, tags: app.extraTags });
  applyPolicy(app);
  return app;
});
