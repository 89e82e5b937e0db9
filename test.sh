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

say() { printf '==> %s\n' "$*"; }
die() { printf 'test.sh: %s\n' "$*" >&2; exit 1; }

# --- prerequisites -----------------------------------------------------------------------------

command -v dotnet >/dev/null 2>&1 \
  || die "'dotnet' was not found. Install the .NET 10 SDK (https://dotnet.microsoft.com/download/dotnet/10.0) and run ./test.sh again."
sdks="$(dotnet --list-sdks 2>/dev/null || true)"
[[ "$sdks" =~ (^|$'\n')10\. ]] \
  || die "the .NET 10 SDK is not installed (found: $(cut -d' ' -f1 <<<"$sdks" | tr '\n' ' ')). Install the .NET 10 SDK and run ./test.sh again."

# Same search as the app: PATH, then pg_config --bindir, then Debian's versioned folders.
postgres_server_installed() {
  local dir
  command -v initdb >/dev/null 2>&1 && return 0
  if command -v pg_config >/dev/null 2>&1; then
    dir="$(pg_config --bindir 2>/dev/null || true)"
    [[ -n "$dir" && -x "$dir/initdb" ]] && return 0
  fi
  for dir in /usr/lib/postgresql/*/bin; do
    [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]] && return 0
  done
  return 1
}

find_chromium() {
  if [[ -x /usr/bin/chromium ]]; then
    echo /usr/bin/chromium
  else
    command -v chromium || command -v chromium-browser || return 1
  fi
}

needs_postgres=false
needs_chromium=false
# As root, the tests' private clusters run as the 'postgres' system user, which the package creates.
if ! postgres_server_installed || { [[ "$(id -u)" -eq 0 ]] && ! id -u postgres >/dev/null 2>&1; }; then
  needs_postgres=true
fi
find_chromium >/dev/null || needs_chromium=true

if $needs_postgres || $needs_chromium; then
  wanted=()
  $needs_postgres && wanted+=(postgresql)
  $needs_chromium && wanted+=(chromium)
  as_root=()
  if [[ "$(id -u)" -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 \
      || die "missing: ${wanted[*]}. Install them as root (apt-get install ${wanted[*]}), or run ./test.sh as a user that may use sudo."
    as_root=(sudo)
  fi
  command -v apt-get >/dev/null 2>&1 \
    || die "missing: ${wanted[*]}, and apt-get is not available. Install the PostgreSQL server (initdb, pg_ctl) and Chromium with this system's package manager."

  say "Installing ${wanted[*]} (apt-get)"
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  packages=()
  $needs_postgres && packages+=(postgresql)
  if $needs_chromium; then
    # Debian ships 'chromium'; Ubuntu only 'chromium-browser'.
    chromium_policy="$(apt-cache policy chromium 2>/dev/null || true)"
    if [[ "$chromium_policy" =~ Candidate:\ [0-9] ]]; then
      packages+=(chromium)
    else
      packages+=(chromium-browser)
    fi
  fi
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${packages[@]}"

  postgres_server_installed || die "the PostgreSQL server binaries (initdb, pg_ctl) are still missing after installing 'postgresql'."
  find_chromium >/dev/null || die "Chromium is still missing after installing ${packages[*]}."
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

say "Running the tests"
set +e
dotnet test Feedback.sln -c Release --no-build \
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

passed=0 failed=0 skipped=0 files=0
shopt -s nullglob
for trx in "$RESULTS"/*.trx "$RESULTS"/*/*.trx; do
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1 || true)"
  [[ -n "$counters" ]] || continue
  files=$((files + 1))
  passed=$((passed + $(counter passed "$counters")))
  for name in failed error timeout aborted; do
    failed=$((failed + $(counter "$name" "$counters")))
  done
  skipped=$((skipped + $(counter notExecuted "$counters")))
done
shopt -u nullglob

echo
say "Test results: $RESULTS ($files TRX file(s))"
if ((test_status != 0 && failed == 0)); then
  echo "test.sh: 'dotnet test' exited with code $test_status without a failed test in the results (see the output above)." >&2
fi
echo "$passed passed, $failed failed, $skipped skipped"

if ((failed > 0 || test_status != 0)); then
  exit 1
fi
