#!/usr/bin/env node
import { runMain } from '@listbackup/cli';
import { COMPLIANCE_CLI } from './cli-main';

runMain(COMPLIANCE_CLI, {});
