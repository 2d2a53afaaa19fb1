#!/usr/bin/env node
import { runMain } from '@listbackup/cli';
import { DEPLOY_CLI } from './cli-main';

runMain(DEPLOY_CLI, {});
