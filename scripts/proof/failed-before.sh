#!/usr/bin/env bash
# Issue 19 "each item has a test that failed before and passes now", re-run on demand
# (docs/lifecycle-safety.md, "Proof: each item failed before its fix"). Not part of `npm test`.
#
#   scripts/proof/failed-before.sh <item>|all        e.g. 7, or all (items 3 and 6: no row)
#
# Per row: a throw-away git worktree at the parent of the fixing commit, this checkout's current
# test files copied in (plus test-support files taken from the fixing commit where the row says
# so), `npm ci` once and `npm run build` per parent, the Pulumi CLI from this checkout's
# .tools/bin when there is one (else the parent's `npm run pulumi:setup` builds it with Go), then
# jest on the row's files with its -t pattern. Expected: a test matching the row's "fails" pattern
# fails on the parent, and the same run passes on this checkout (SKIP_NOW=1 skips that half).
# Needs this checkout installed and built (`npm ci`), git, node and bash.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
SCRATCH="$(mktemp -d)"
WT="$SCRATCH/parent"
OUT="$SCRATCH/results"
mkdir -p "$OUT"

# Parents: dfe1d6006b70 = 1a8739d^ (items 1 2 7 8 9 10) = 26a0994^ (items 4 5);
# 1a8739dc8a7a = 1a6e2af^ (7: discover, 12, 14); 1a6e2afde0bc = c8d82ac^ (13); 95bed172b9df = 1f03d58^ (11).
# item ; parent commit ; test files (space-separated) ; jest -t pattern ; "fails" pattern ; from-fix
ROWS=(
  "1;dfe1d6006b70;tests/e2e/association-safety.test.ts tests/e2e/fixtures/association-safety;item 1:;item 1:;"
  "2;dfe1d6006b70;tests/e2e/association-safety.test.ts tests/e2e/fixtures/association-safety;item (1|2):;item 2:;"
  "10;dfe1d6006b70;tests/e2e/association-safety.test.ts tests/e2e/fixtures/association-safety;item 10:;item 10:;"
  "4;dfe1d6006b70;tests/e2e/mission.test.ts;real engine (1|2|3[abc]|4[ab])\. ;4[ab]\. ;26a099442545:testing/databricks-plugin"
  "5;dfe1d6006b70;tests/e2e/import-left-in-config.test.ts;item 5:;2\. every later preview warns;"
  "7;dfe1d6006b70;tests/provider/plain-http-key.test.ts;lookups|association providers;item 7:;"
  "8;dfe1d6006b70;tests/provider/lifecycle-safety.test.ts;item 8:;item 8:;"
  "9;dfe1d6006b70;tests/host/association-configuration-errors.test.ts;item 9:;item 9:;"
  "7;1a8739dc8a7a;tests/provider/plain-http-key.test.ts tests/cli/discover.test.ts;discover refuses|issue 19 item 7;discover refuses|issue 19 item 7;"
  "12;1a8739dc8a7a;tests/unit/component-args.test.ts;workbenchUrl http;plain HTTP to another host;"
  "14;1a8739dc8a7a;tests/cli/discover.test.ts;item 14;item 14;"
  "13;1a6e2afde0bc;tests/emulator/cli.test.ts tests/databricks-emulator/cli.test.ts;never adopts|beyond loopback;never adopts|beyond loopback;"
  "11;95bed172b9df;tests/host/pnpm-layout.test.ts;version-free path;version-free path;"
)

want="${1:-}"
if [ -z "$want" ]; then
  echo "usage: $0 <item>|all   (items: 1 2 4 5 7 8 9 10 11 12 13 14; 3 and 6 have no row)" >&2
  exit 2
fi
if [ "$want" = 3 ] || [ "$want" = 6 ]; then
  echo "item $want: no test fails on an earlier commit (see docs/lifecycle-safety.md)"
  exit 0
fi

cleanup() {
  if [ -d "$WT" ]; then git -C "$ROOT" worktree remove --force "$WT" >/dev/null 2>&1; fi
  rm -rf "$SCRATCH"
}
trap cleanup EXIT

# Prints PASS, FAIL-EXPECTED, FAIL-OTHER or ERROR for a jest --json result, then the failed names.
verdict() {
  node -e '
    const fs = require("fs");
    if (!fs.existsSync(process.argv[1])) { console.log("ERROR (no jest result)"); process.exit(0); }
    const r = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
    const re = new RegExp(process.argv[2]);
    const failed = r.testResults.flatMap((f) =>
      f.assertionResults.filter((a) => a.status === "failed").map((a) => a.fullName));
    const broken = r.testResults.filter((f) => f.status === "failed" && f.assertionResults.length === 0);
    if (broken.length) console.log("ERROR (a test file did not run)");
    else if (failed.length === 0) console.log(r.numPassedTests > 0 ? "PASS" : "ERROR (no test ran)");
    else console.log(failed.some((n) => re.test(n)) ? "FAIL-EXPECTED" : "FAIL-OTHER");
    for (const n of failed) console.log("    failed: " + n);
  ' "$1" "$2"
}

runJest() { # dir, result file, pattern, files...
  local dir="$1" result="$2" pattern="$3"
  shift 3
  local tests=()
  for f in "$@"; do case "$f" in *.test.ts) tests+=("$f") ;; esac; done
  (cd "$dir" && npx jest --maxWorkers=1 --forceExit --json --outputFile="$result" \
    -t "$pattern" "${tests[@]}" >"$result.log" 2>&1)
}

current=""
summary=()
n=0
for row in "${ROWS[@]}"; do
  IFS=';' read -r item parent files pattern fails fromfix <<<"$row"
  [ "$want" = all ] || [ "$want" = "$item" ] || continue
  n=$((n + 1))
  read -r -a list <<<"$files"
  echo "== item $item: parent $parent, ${list[*]}, -t \"$pattern\""
  if [ ! -d "$WT" ]; then
    git -C "$ROOT" worktree add -q --detach "$WT" "$parent" || exit 1
    (cd "$WT" && npm ci --no-audit --no-fund >"$OUT/npm-ci.log" 2>&1) || { echo "npm ci failed"; exit 1; }
    if [ -x "$ROOT/.tools/bin/pulumi" ]; then
      mkdir -p "$WT/.tools/bin"
      cp "$ROOT/.tools/bin/pulumi" "$WT/.tools/bin/"
      cp "$ROOT/.tools/bin/pulumi.stamp.json" "$WT/.tools/bin/" 2>/dev/null
    fi
  else
    git -C "$WT" reset -q --hard && git -C "$WT" clean -fdq
    if ! git -C "$ROOT" diff --quiet "$current" "$parent" -- package-lock.json; then
      git -C "$WT" checkout -q --detach "$parent"
      (cd "$WT" && npm ci --no-audit --no-fund >"$OUT/npm-ci.log" 2>&1)
    fi
    git -C "$WT" checkout -q --detach "$parent"
  fi
  current="$parent"
  if [ -n "$fromfix" ]; then
    git -C "$WT" checkout -q "${fromfix%%:*}" -- "${fromfix#*:}"
  fi
  for f in "${list[@]}"; do
    rm -rf "${WT:?}/$f"
    mkdir -p "$(dirname "$WT/$f")"
    cp -r "$ROOT/$f" "$WT/$f"
  done
  (cd "$WT" && npm run build >"$OUT/build.log" 2>&1 && npm run pulumi:setup >"$OUT/setup.log" 2>&1) ||
    echo "   (build or pulumi:setup reported a problem; see the jest log)"
  start=$(date +%s)
  runJest "$WT" "$OUT/parent-$n.json" "$pattern" "${list[@]}"
  before="$(verdict "$OUT/parent-$n.json" "$fails")"
  echo "   parent ($(($(date +%s) - start))s): $before"
  now="skipped"
  if [ "${SKIP_NOW:-0}" != 1 ]; then
    start=$(date +%s)
    runJest "$ROOT" "$OUT/now-$n.json" "$pattern" "${list[@]}"
    now="$(verdict "$OUT/now-$n.json" "$fails" | head -1)"
    echo "   now    ($(($(date +%s) - start))s): $now"
  fi
  ok="no"
  case "${before%%$'\n'*}" in FAIL-EXPECTED) [ "$now" = PASS ] || [ "$now" = skipped ] && ok="yes" ;; esac
  summary+=("item $item @ $parent: parent ${before%%$'\n'*}, now $now, failed as expected: $ok")
done

if [ "$n" -eq 0 ]; then
  echo "no row for item $want" >&2
  exit 2
fi
echo
printf '%s\n' "${summary[@]}"
printf '%s\n' "${summary[@]}" | grep -q "as expected: no" && exit 1
exit 0
