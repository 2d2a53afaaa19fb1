import { defineCli, ExitCode } from '@listbackup/cli';
import { backgroundStatus, startInBackground, stopBackground } from './background';
import { LocalAwsError } from './errors';
import { RepositoryError } from '@listbackup/repository';
import { ensureMoto } from './moto-install';

/** What the commands act on; tests pass a repository root of their own. */
export interface LocalAwsCliDependencies {
  /** The repository root whose `.venv` holds moto and the background emulator's state. @default the root above this package */
  readonly root?: string;
}

/** The command line of `listbackup-local-aws`, in the style of every ListBackup tool (`@listbackup/cli`). */
export const LOCAL_AWS_CLI = defineCli({
  name: 'listbackup-local-aws',
  commands: [
    {
      name: 'start',
      description: 'start the local AWS emulator (moto server) on 127.0.0.1 in the background,\n' +
        'installing it first when needed; prints the environment to use it',
      options: { port: { type: 'integer', value: '<n>', min: 1, max: 65535, description: 'the port to listen on [default: a free one]' } },
    },
    { name: 'stop', description: 'stop the background emulator' },
    { name: 'status', description: 'say whether it runs (exit 0) or not (exit 1)' },
    { name: 'install', description: 'create .venv at the repository root and install moto[server] into it' },
  ],
  failureMeans: 'failure, or status: not running',
  errors: { types: [LocalAwsError, RepositoryError] },
  async run({ command, values, out, err }, deps: LocalAwsCliDependencies) {
    switch (command) {
      case 'start': {
        const { state, env, alreadyRunning } = await startInBackground({ port: values.port, root: deps.root });
        err.line(`${alreadyRunning ? 'already running' : 'started'}: ${state.endpoint} (pid ${state.pid}, log ${state.logFile})`);
        // Only the environment goes to stdout: `eval "$(listbackup-local-aws start)"`.
        for (const [key, value] of Object.entries(env)) out.line(`export ${key}=${value}`);
        return ExitCode.Success;
      }
      case 'stop': {
        const stopped = await stopBackground(deps.root);
        err.line(stopped ? `stopped the emulator on ${stopped.endpoint} (pid ${stopped.pid})` : 'not running');
        return ExitCode.Success;
      }
      case 'status': {
        // "Not running" is an answer, not a failure: it goes to stdout, and exit 1 says "no" to scripts.
        const state = await backgroundStatus(deps.root);
        out.line(state ? `running: ${state.endpoint} (pid ${state.pid}, since ${state.startedAt})` : 'not running');
        return state ? ExitCode.Success : ExitCode.Failure;
      }
      case 'install': {
        const install = await ensureMoto({ root: deps.root, log: (line) => err.line(line) });
        out.line(`moto ${install.version} ${install.installed ? 'installed' : 'already installed'}: ${install.motoServer}`);
        return ExitCode.Success;
      }
    }
  },
});
