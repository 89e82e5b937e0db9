#!/usr/bin/env bash
# Installs what the tests need (PostgreSQL server binaries, Chromium), builds the solution and runs every test.
# Results: artifacts/test-results/*.trx; other test artifacts (screenshots) under artifacts/.
# The last line is "N passed, N failed, N skipped"; the exit code is non-zero if anything failed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

ARTIFACTS="$ROOT/artifacts"
RESULTS="$ARTIFACTS/test-results"

export DOTNET_NOLOGO=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1

SCRIPT_NAME=test.sh
# shellcheck source=build/prerequisites.sh
source "$ROOT/build/prerequisites.sh"

# --- prerequisites -----------------------------------------------------------------------------

require_dotnet_10

wanted=()
postgres_needs_install && wanted+=(postgresql)
find_chromium >/dev/null || wanted+=(chromium)
if ((${#wanted[@]} > 0)); then
  apt_install "${wanted[@]}"
  postgres_server_installed || die "the PostgreSQL server binaries (initdb, pg_ctl) are still missing after installing 'postgresql'."
  find_chromium >/dev/null || die "Chromium is still missing after installing it."
fi

# Browser tests drive this Chromium (never a downloaded one).
FEEDBACK_CHROMIUM="$(find_chromium)"
export FEEDBACK_CHROMIUM
export FEEDBACK_ARTIFACTS_DIR="$ARTIFACTS"

# --- build -------------------------------------------------------------------------------------

say "Building Feedback.sln (Release)"
dotnet build Feedback.sln -c Release -nologo -v minimal || die "the build failed (errors above)."

# --- test --------------------------------------------------------------------------------------

rm -rf "$RESULTS"
mkdir -p "$RESULTS"

# What the tests write to the temporary folder (apps' data folders, trained checkpoints, browser profiles) goes to
# one folder of this run, removed when the script ends however it ends. No MSBuild node may outlive the run with it.
SCRATCH="$(mktemp -d "${TMPDIR:-/tmp}/feedback-test-run.XXXXXX")"
trap 'rm -rf "$SCRATCH"' EXIT

say "Running the tests"
set +e
TMPDIR="$SCRATCH" MSBUILDDISABLENODEREUSE=1 dotnet test Feedback.sln -c Release --no-build \
  --results-directory "$RESULTS" \
  --logger trx \
  --logger "console;verbosity=normal"
test_status=$?
set -e

# --- summary -----------------------------------------------------------------------------------

counter() { # counter NAME "<Counters ...>": the attribute's value, 0 when absent
  local value
  value="$(sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$2")"
  echo "${value:-0}"
}

shopt -s nullglob
trx_files=("$RESULTS"/*.trx "$RESULTS"/*/*.trx)
shopt -u nullglob

passed=0 failed=0 skipped=0 files=0
for trx in "${trx_files[@]}"; do
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1 || true)"
  [[ -n "$counters" ]] || continue
  files=$((files + 1))
  passed=$((passed + $(counter passed "$counters")))
  for name in failed error timeout aborted; do
    failed=$((failed + $(counter "$name" "$counters")))
  done
  skipped=$((skipped + $(counter total "$counters") - $(counter executed "$counters")))
done

failed_tests() { # each failed test of the TRX files with the first lines of its message, so a short log still names it
  awk '
    function unescape(s) {
      gsub(/&#xD;/, "", s); gsub(/&quot;/, "\"", s); gsub(/&apos;/, "\047", s); gsub(/&lt;/, "<", s); gsub(/&gt;/, ">", s); gsub(/&amp;/, "\\&", s)
      return s
    }
    /<UnitTestResult / && /outcome="Failed"/ { match($0, /testName="[^"]*"/); print "FAILED " unescape(substr($0, RSTART + 10, RLENGTH - 11)); inside = 1 }
    inside && /<Message>/ { message = 1; lines = 0 }
    message { line = $0; sub(/.*<Message>/, "", line); last = sub(/<\/Message>.*/, "", line); if (lines++ < 8) print "    " unescape(line); if (last) message = 0 }
    /<\/UnitTestResult>/ { inside = 0; message = 0 }
  ' "$@"
}

echo
say "Test results: $RESULTS ($files TRX file(s))"
if ((failed > 0)); then
  failed_tests "${trx_files[@]}"
fi
if ((test_status != 0 && failed == 0)); then
  echo "test.sh: 'dotnet test' exited with code $test_status without a failed test in the results (see the output above)." >&2
fi
echo "$passed passed, $failed failed, $skipped skipped"

if ((failed > 0 || test_status != 0)); then
  exit 1
fi
