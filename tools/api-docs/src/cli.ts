#!/usr/bin/env node
import { runMain } from '@listbackup/cli';
import { API_DOCS_CLI } from './cli-main';

runMain(API_DOCS_CLI, {});
