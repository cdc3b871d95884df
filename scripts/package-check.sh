#!/usr/bin/env bash
# The published package as a user meets it: packs fanout (scripts/package.mjs), installs the tarball into a fresh
# project outside this repository with only Node and npm, and there runs `fanout --version`, `fanout init`,
# validates and runs the starter workflow (its Task runs the profile's own command), and the starter node:test
# file plus a jest test through fanout/testing. Prints the installed size and package count, and fails when a
# workload or CDK package is in the installed tree or a fanout command prints a warning.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/fanout-package-check.XXXXXX")"
trap 'rm -rf "$work"' EXIT
say() { echo "package-check: $*"; }
fail() {
  echo "package-check: FAILED: $*" >&2
  exit 1
}

tarball="$(node "$root/scripts/package.mjs" --out "$work")"
project="$work/project"
mkdir "$project"
cd "$project"
npm init -y >/dev/null
npm pkg set type=module >/dev/null
# npm 11 asks projects to name the dependencies whose install scripts may run (docs/testing.md).
npm pkg set allowScripts.better-sqlite3=true --json >/dev/null

# better-sqlite3's install takes a prebuilt binary for this Node and platform (prebuild-install), as a user's online
# install does, and compiles only without one. This machine reaches no download host, so the binary this
# repository's own install built for the same Node is offered as that prebuilt file.
sqlite="$root/node_modules/better-sqlite3"
offer=()
if node -e "new (require('$sqlite'))(':memory:').close()" 2>/dev/null; then
  prebuilds="$work/prebuilds"
  mkdir "$prebuilds"
  tar -czf "$prebuilds/better-sqlite3-v$(node -p "require('$sqlite/package.json').version")-node-v$(node -p process.versions.modules)-$(node -p "process.platform + '-' + process.arch").tar.gz" \
    -C "$sqlite" build/Release/better_sqlite3.node
  offer=("npm_config_better_sqlite3_local_prebuilds=$prebuilds")
fi
say "installing $(basename "$tarball") into $project (node $(node --version))"
env "${offer[@]}" npm install --no-audit --no-fund --save-dev "$tarball"

bytes="$(du -sb node_modules | cut -f1)"
packages="$(npm ls --all --parseable 2>/dev/null | tail -n +2 | sort -u | wc -l)"
say "installed: $(awk -v b="$bytes" 'BEGIN { printf "%.1f MB", b / 1e6 }') in $packages packages (fanout and its dependencies)"
for forbidden in tesseract.js @tesseract.js-data/eng sharp mupdf pdf-lib @duckdb/node-api aws-cdk aws-cdk-lib \
  constructs cdk-nag typescript; do
  [ ! -e "node_modules/$forbidden" ] || fail "the installed tree holds $forbidden, a workload, CDK or build package"
done

# Every fanout command's stderr is kept: a normal run prints no warning.
log="$work/fanout-stderr.log"
fanout() { npx --no-install fanout "$@" 2> >(tee -a "$log" >&2); }

version="$(fanout --version)"
[ "$version" = "$(node -p "require('$root/packages/fanout/package.json').version")" ] || fail "fanout --version printed '$version'"
say "fanout --version: $version"
fanout init
fanout validate workflows/hello.asl.json
output="$(fanout run workflows/hello.asl.json --input '{"name":"Ada"}' --time virtual)"
echo "$output"
node -e '
  const out = JSON.parse(process.argv[1]);
  if (out.greeting?.status !== "SUCCEEDED" || out.greeting?.exitCode !== 0) process.exit(1);
' "$output" || fail "the starter workflow's output is not the greet job's success"
grep -q 'Hello, Ada!' -r .fanout/logs || fail "the greet job's log does not hold its greeting"

# The starter test file: three node:test tests through fanout/testing (a mocked Task, the one-hour Wait).
node --test --test-reporter=tap 2> >(tee -a "$log" >&2) | tee "$work/node-test.log"
grep -q '^# pass 3$' "$work/node-test.log" || fail 'node --test did not pass its three tests'

# The same kit from jest (CommonJS, as most jest set-ups run).
npm install --no-audit --no-fund --prefer-offline --save-dev "jest@$(node -p "require('$root/node_modules/jest/package.json').version")" >/dev/null
cat >test/kit.jest.test.cjs <<'EOF'
const { startFanout } = require('fanout/testing');

test('fanout/testing under jest: a mocked job and an hour-long Wait', async () => {
  const fanout = await startFanout({
    mockConfig: {
      StateMachines: { hello: { TestCases: { Ok: { Greet: 'Ok' } } } },
      MockedResponses: { Ok: { 0: { Return: { Status: 'SUCCEEDED', Container: { ExitCode: 0 } } } } },
    },
  });
  try {
    const result = await fanout.run('workflows/hello.asl.json', { input: { name: 'Ada' }, testCase: 'Ok' });
    expect(result.status).toBe('SUCCEEDED');
    expect(result.states).toEqual(['Greet', 'CoolDown', 'Done']);
  } finally {
    await fanout.stop();
  }
});
EOF
npx --no-install jest --ci --testMatch '**/*.jest.test.cjs' 2>&1 | tee "$work/jest.log"
grep -q 'Tests: *1 passed, 1 total' "$work/jest.log" || fail 'jest did not pass the kit test'

if grep -i 'warn' "$log"; then fail 'a fanout command printed a warning (above)'; fi
say "OK"
