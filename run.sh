#!/usr/bin/env bash
# Builds and starts Feedback on this machine: http://127.0.0.1:5000 by default.
#
#   ./run.sh                                  private PostgreSQL cluster under ./data
#   FEEDBACK_PORT=8080 ./run.sh               another port
#   FEEDBACK_DATA_DIR=/srv/feedback ./run.sh  another data folder
#   ConnectionStrings__Feedback="Host=db;Database=feedback;Username=feedback;Password=..." ./run.sh
#   FEEDBACK_DEMO=0 ./run.sh                  without the demo accounts and projects
#
# Ctrl+C stops the app, and the app stops its private PostgreSQL cluster.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

PORT="${FEEDBACK_PORT:-5000}"
DATA_DIR="${FEEDBACK_DATA_DIR:-$ROOT/data}"
URL="http://127.0.0.1:$PORT"
APP_DLL="src/Feedback.Web/bin/Release/net10.0/Feedback.Web.dll"
ADMIN_USER="${Feedback__Admin__UserName:-admin}"
HEALTH_TIMEOUT_S=180

export DOTNET_NOLOGO=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1

SCRIPT_NAME=run.sh
# shellcheck source=build/prerequisites.sh
source "$ROOT/build/prerequisites.sh"

# --- prerequisites -----------------------------------------------------------------------------

require_dotnet_10

if [[ -z "${ConnectionStrings__Feedback:-}" ]]; then
  if postgres_needs_install; then
    apt_install postgresql
  fi
  postgres_server_installed || die "the PostgreSQL server binaries (initdb, pg_ctl) are still missing after installing 'postgresql'."
fi

# --- build -------------------------------------------------------------------------------------

say "Building Feedback (Release)"
if ! dotnet build -c Release src/Feedback.Web -nologo -v quiet; then
  die "the build failed (errors above)."
fi
[[ -f "$APP_DLL" ]] || die "the build did not produce $APP_DLL."

# --- data folder and administrator password ----------------------------------------------------

if [[ ! -d "$DATA_DIR" ]]; then
  # Others may pass through (the database's own account must reach postgres/), but not list it.
  mkdir -p "$DATA_DIR"
  chmod 711 "$DATA_DIR"
fi
DATA_DIR="$(cd "$DATA_DIR" && pwd)"
LOG_FILE="$DATA_DIR/feedback.log"
PASSWORD_FILE="$DATA_DIR/admin-password"

# As root the private cluster runs as 'postgres': every parent of the data folder must let it through.
if [[ -z "${ConnectionStrings__Feedback:-}" && "$(id -u)" -eq 0 ]] && command -v runuser >/dev/null 2>&1 \
   && ! runuser -u postgres -- test -x "$DATA_DIR" 2>/dev/null; then
  # Walk down from / to name the first folder that stops it.
  blocked="/"
  dir=""
  IFS='/' read -ra parts <<<"${DATA_DIR#/}"
  for part in "${parts[@]}"; do
    dir="$dir/$part"
    if ! runuser -u postgres -- test -x "$dir" 2>/dev/null; then blocked="$dir"; break; fi
  done
  die "the data folder $DATA_DIR cannot be reached by the 'postgres' user, which runs the database because this script runs as root (it stops at $blocked). Either make that folder traversable (chmod o+x $blocked), or choose a data folder elsewhere: FEEDBACK_DATA_DIR=/var/lib/feedback ./run.sh"
fi

generate_password() {
  local password=""
  # 16 characters without look-alikes; retried until it has an upper-case letter, a lower-case letter and a digit.
  until [[ "$password" =~ [A-Z] && "$password" =~ [a-z] && "$password" =~ [0-9] ]]; do
    password="$(head -c 96 /dev/urandom | base64 | tr -dc 'A-HJ-NP-Za-km-z2-9' | cut -c1-16)"
  done
  printf '%s' "$password"
}

PASSWORD_SOURCE=""  # file, env, or existing
if [[ -n "${Feedback__Admin__Password:-}" ]]; then
  PASSWORD_SOURCE="env"
elif [[ -f "$PASSWORD_FILE" ]]; then
  PASSWORD_SOURCE="file"
elif [[ -z "${ConnectionStrings__Feedback:-}" && -d "$DATA_DIR/postgres" ]]; then
  # The database exists already, so its administrator does too: a new password would not apply.
  PASSWORD_SOURCE="existing"
else
  (umask 077 && generate_password >"$PASSWORD_FILE")
  chmod 600 "$PASSWORD_FILE"
  PASSWORD_SOURCE="file"
fi
if [[ "$PASSWORD_SOURCE" == "file" ]]; then
  Feedback__Admin__Password="$(<"$PASSWORD_FILE")"
  export Feedback__Admin__Password
fi

# The demo accounts (annotator, annotator2, researcher) share one password, kept beside the administrator's.
DEMO_PASSWORD_FILE="$DATA_DIR/demo-password"
if [[ -z "${Feedback__Demo__Password:-}" ]]; then
  if [[ ! -f "$DEMO_PASSWORD_FILE" ]]; then
    (umask 077 && generate_password >"$DEMO_PASSWORD_FILE")
    chmod 600 "$DEMO_PASSWORD_FILE"
  fi
  Feedback__Demo__Password="$(<"$DEMO_PASSWORD_FILE")"
  DEMO_PASSWORD_SOURCE="file"
else
  DEMO_PASSWORD_SOURCE="env"
fi
export Feedback__Demo__Password
# Demo projects and accounts are added on start where missing; FEEDBACK_DEMO=0 ./run.sh leaves them out.
export Feedback__Demo__Seed="$([[ "${FEEDBACK_DEMO:-1}" == "0" ]] && echo false || echo true)"

# --- start -------------------------------------------------------------------------------------

export Feedback__DataDirectory="$DATA_DIR"

touch "$LOG_FILE"
chmod 600 "$LOG_FILE"
printf '\n---- %s: starting Feedback on %s\n' "$(date -Is)" "$URL" >>"$LOG_FILE"

say "Starting Feedback on $URL (data: $DATA_DIR, log: $LOG_FILE)"
# Output goes to the terminal and the log. tee ignores Ctrl+C so the app's last lines still get through.
dotnet "$APP_DLL" --urls "$URL" --contentRoot "$ROOT/src/Feedback.Web" \
  > >(trap '' INT; exec tee -a "$LOG_FILE") 2>&1 &
APP_PID=$!

# Background jobs of a script ignore SIGINT, so Ctrl+C is passed on to the app as SIGTERM:
# a graceful shutdown, during which the app stops its private PostgreSQL cluster.
stop_app() {
  local status="$1"
  trap '' INT TERM
  if kill -0 "$APP_PID" 2>/dev/null; then
    printf '\n==> Stopping Feedback and its database...\n'
    kill -TERM "$APP_PID" 2>/dev/null || true
    wait "$APP_PID" 2>/dev/null || true
  fi
  say "Feedback stopped."
  exit "$status"
}
trap 'stop_app 130' INT
trap 'stop_app 143' TERM
# If this script fails after the app started, do not leave the app behind.
trap 'kill -TERM "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null; true' EXIT

health_ok() {
  if command -v curl >/dev/null 2>&1; then
    [[ "$(curl -fsS --max-time 5 "$URL/health" 2>/dev/null)" == "ok" ]]
  else
    timeout 5 bash -c '
      exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
      printf "GET /health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n" >&3
      body="$(cat <&3)"
      [[ "$body" == "HTTP/1."?" 200"* && "$body" == *ok ]]' _ "$PORT" 2>/dev/null
  fi
}

deadline=$((SECONDS + HEALTH_TIMEOUT_S))
until health_ok; do
  if ! kill -0 "$APP_PID" 2>/dev/null; then
    wait "$APP_PID" 2>/dev/null && code=0 || code=$?
    trap - EXIT
    printf '\nrun.sh: Feedback exited (code %s) before it answered on %s. Last lines of %s:\n' "$code" "$URL/health" "$LOG_FILE" >&2
    tail -n 40 "$LOG_FILE" >&2
    exit 1
  fi
  if ((SECONDS >= deadline)); then
    printf '\nrun.sh: Feedback did not answer on %s within %s s. Last lines of %s:\n' "$URL/health" "$HEALTH_TIMEOUT_S" "$LOG_FILE" >&2
    tail -n 40 "$LOG_FILE" >&2
    stop_app 1
  fi
  sleep 1
done

# --- ready -------------------------------------------------------------------------------------

relative_to_root() { [[ "$1" == "$ROOT"/* ]] && printf '%s' "${1#"$ROOT"/}" || printf '%s' "$1"; }

# Every account someone can log in with is printed here.
print_logins() {
  case "$PASSWORD_SOURCE" in
    file)
      echo "  Log in as $ADMIN_USER with password $(<"$PASSWORD_FILE") (kept in $(relative_to_root "$PASSWORD_FILE"))" ;;
    env)
      echo "  Log in as $ADMIN_USER with the password given in Feedback__Admin__Password" ;;
    existing)
      echo "  Log in as $ADMIN_USER with the password set when this database was created" \
           "(no $(relative_to_root "$PASSWORD_FILE") was found)" ;;
  esac
  if [[ "$Feedback__Demo__Seed" == "true" ]]; then
    local demo_password="the password given in Feedback__Demo__Password"
    [[ "$DEMO_PASSWORD_SOURCE" == "file" ]] && demo_password="password $(<"$DEMO_PASSWORD_FILE") (kept in $(relative_to_root "$DEMO_PASSWORD_FILE"))"
    echo "  Demo accounts: annotator and annotator2 (Annotator), researcher (Researcher), each with $demo_password"
    echo "  Demo projects: 'Demo: helpful answers' (text) and 'Demo: shapes that follow the caption' (images)"
  fi
}

echo
echo "================================================================================"
echo "  Feedback is running at $URL"
print_logins
echo "  Data: $DATA_DIR    Log: $LOG_FILE"
echo "  Press Ctrl+C to stop the app and its database."
echo "================================================================================"
echo

trap - EXIT
set +e
wait "$APP_PID"
code=$?
set -e
# Reached only when the app stopped on its own (Ctrl+C goes through stop_app).
say "Feedback exited (code $code)."
exit "$code"
