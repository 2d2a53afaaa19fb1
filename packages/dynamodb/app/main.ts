import { ListBackupApp, ListBackupAppProps, runApp } from '@listbackup/conventions';
import { applyPolicy } from '@listbackup/policy/synth';
import { InfrastructureDynamoDbStack } from '@listbackup/dynamodb';

/**
 * This project's app: its stack with the policy packs. The build's `synth` synthesizes it in one
 * process with the other stack projects' apps (`@listbackup/synth-executor`), each into its own
 * `cdk.out`; run as a program it synthesizes this app alone.
 */
export function buildApp(props: ListBackupAppProps = {}): ListBackupApp {
  const app = new ListBackupApp(props);
  new InfrastructureDynamoDbStack(app, { ...app.stackProps, stage: app.stage, tags: app.extraTags });
  applyPolicy(app);
  return app;
}

// `node app/lib/main.js` (projen synth, the CDK CLI's --app): synthesize into cdk.out, or CDK_OUTDIR.
if (require.main === module) process.exitCode = runApp(() => buildApp());
