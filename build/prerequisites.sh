# Shared by run.sh and test.sh: checks for the .NET 10 SDK and installs missing system packages with apt-get.
# The sourcing script sets SCRIPT_NAME first.

say() { printf '==> %s\n' "$*"; }
die() { printf '%s: %s\n' "$SCRIPT_NAME" "$*" >&2; exit 1; }

require_dotnet_10() {
  command -v dotnet >/dev/null 2>&1 \
    || die "'dotnet' was not found. Install the .NET 10 SDK (https://dotnet.microsoft.com/download/dotnet/10.0) and run ./$SCRIPT_NAME again."
  local sdks
  sdks="$(dotnet --list-sdks 2>/dev/null || true)"
  [[ "$sdks" =~ (^|$'\n')10\. ]] \
    || die "the .NET 10 SDK is not installed (found: $(cut -d' ' -f1 <<<"$sdks" | tr '\n' ' ')). Install the .NET 10 SDK and run ./$SCRIPT_NAME again."
}

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

# As root, private clusters run as the 'postgres' system user, which the package creates.
postgres_needs_install() {
  ! postgres_server_installed || { [[ "$(id -u)" -eq 0 ]] && ! id -u postgres >/dev/null 2>&1; }
}

find_chromium() {
  if [[ -x /usr/bin/chromium ]]; then
    echo /usr/bin/chromium
  else
    command -v chromium || command -v chromium-browser || return 1
  fi
}

# Debian ships 'chromium'; Ubuntu only 'chromium-browser'. Call after apt-get update.
chromium_package() {
  if [[ "$(apt-cache policy chromium 2>/dev/null || true)" =~ Candidate:\ [0-9] ]]; then
    echo chromium
  else
    echo chromium-browser
  fi
}

# apt_install PACKAGE...: through sudo when not root, after one 'apt-get update'. The word "chromium" stands for
# whichever Chromium package this system has.
apt_install() {
  local -a as_root=() packages=()
  if [[ "$(id -u)" -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 \
      || die "missing: $*. Install it as root (apt-get install $*), or run ./$SCRIPT_NAME as a user that may use sudo."
    as_root=(sudo)
  fi
  command -v apt-get >/dev/null 2>&1 \
    || die "missing: $*, and apt-get is not available to install it. Install it with this system's package manager."
  say "Installing $* (apt-get)"
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  local package
  for package in "$@"; do
    if [[ "$package" == chromium ]]; then packages+=("$(chromium_package)"); else packages+=("$package"); fi
  done
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}"
}
