#!/usr/bin/env node
import { backgroundStatus, startInBackground, stopBackground } from './background';
import { LocalAwsError } from './errors';
import { ensureMoto } from './moto-install';

const USAGE = `usage: listbackup-local-aws <command> [options]

  start [--port N]   start the local AWS emulator (moto server) on 127.0.0.1 in the background,
                     installing it first when needed; prints the environment to use it
  stop               stop the background emulator
  status             say whether it runs (exit 0) or not (exit 1)
  install            create .venv at the repository root and install moto[server] into it
`;

function parsePort(args: string[]): number | undefined {
  const index = args.findIndex((a) => a === '--port' || a.startsWith('--port='));
  if (index < 0) return undefined;
  const raw = args[index].includes('=') ? args[index].split('=')[1] : args[index + 1];
  const port = Number(raw);
  if (raw === undefined || !/^\d+$/.test(raw)) {
    throw new LocalAwsError('InvalidPort', `--port needs a number from 1 to 65535, got ${raw === undefined ? 'nothing' : `'${raw}'`}`);
  }
  return port;
}

function printEnv(env: Record<string, string>): void {
  for (const [key, value] of Object.entries(env)) process.stdout.write(`export ${key}=${value}\n`);
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case 'start': {
      const { state, env, alreadyRunning } = await startInBackground({ port: parsePort(args) });
      process.stderr.write(`${alreadyRunning ? 'already running' : 'started'}: ${state.endpoint} (pid ${state.pid}, log ${state.logFile})\n`);
      printEnv(env);
      return 0;
    }
    case 'stop': {
      const stopped = await stopBackground();
      process.stderr.write(stopped ? `stopped the emulator on ${stopped.endpoint} (pid ${stopped.pid})\n` : 'not running\n');
      return 0;
    }
    case 'status': {
      const state = await backgroundStatus();
      process.stdout.write(state ? `running: ${state.endpoint} (pid ${state.pid}, since ${state.startedAt})\n` : 'not running\n');
      return state ? 0 : 1;
    }
    case 'install': {
      const install = await ensureMoto({ log: (line) => process.stderr.write(`${line}\n`) });
      process.stdout.write(`moto ${install.version} ${install.installed ? 'installed' : 'already installed'}: ${install.motoServer}\n`);
      return 0;
    }
    case undefined:
    case '-h':
    case '--help':
      process.stdout.write(USAGE);
      return command === undefined ? 1 : 0;
    default:
      process.stderr.write(`error: unknown command '${command}'\n${USAGE}`);
      return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error) => {
    if (error instanceof LocalAwsError) {
      process.stderr.write(`error: ${error.message}\n`);
      process.exitCode = 1;
    } else {
      throw error;
    }
  },
);
