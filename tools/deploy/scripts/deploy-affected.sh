#!/usr/bin/env bash
# `npx projen deploy:affected --stage <stage> [deploy options]`: synthesizes every stack for that
# stage (nx caches each synth by its inputs and STAGE), then deploys what the stage's ledger says is
# affected. Needs no local state: a fresh CI clone gives the same answer.
set -euo pipefail
stage=""
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[$i]}" in
    --stage) stage="${args[$((i + 1))]:-}" ;;
    --stage=*) stage="${args[$i]#--stage=}" ;;
  esac
done
if [[ -z "$stage" ]]; then
  echo "deploy:affected needs the stage: npx projen deploy:affected --stage <stage> (for example --stage dev)" >&2
  exit 2
fi
export STAGE="$stage"
# The workspace's binaries straight from the root's node_modules/.bin: each npx would first start
# npm to find them (1.5-2 s of CPU apiece), and npm workspaces install every binary there.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
export PATH="$root/node_modules/.bin:$PATH"
# One nx run: every stack's synth (infrastructure and app projects) and the deploy tool's own
# build (it runs from its compiled lib/); all cache hits when nothing changed.
nx run-many --targets=synth,build --projects='tag:scope:infrastructure,tag:scope:app,deploy'
exec listbackup-deploy affected "$@"
