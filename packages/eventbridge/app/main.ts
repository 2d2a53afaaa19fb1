import { ListBackupApp, runApp } from '@listbackup/conventions';
import { applyPolicy } from '@listbackup/policy/synth';
import { InfrastructureEventBridgeStack } from '@listbackup/eventbridge';

process.exitCode = runApp(() => {
  const app = new ListBackupApp();
  new InfrastructureEventBridgeStack(app, { ...app.stackProps, stage: app.stage, tags: app.extraTags });
  applyPolicy(app);
  return app;
});
