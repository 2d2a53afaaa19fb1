#!/usr/bin/env node
import { runMain } from '@listbackup/cli';
import { LOCAL_AWS_CLI } from './cli-main';

runMain(LOCAL_AWS_CLI, {});
