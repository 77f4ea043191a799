# Shared by scripts/demo, scripts/test, scripts/daihoi and scripts/lock: find Python, create
# .venv and install daihoi into it from the lock file (every package pinned, with hashes).
# A stamp records the hash of what was installed (pyproject.toml and the lock), so a second
# run skips pip when nothing changed and reinstalls when either changed.

# The first of python3.13 … python3 that is Python 3.11 or newer (or $PYTHON). Each candidate
# is probed quietly: a pyenv shim for a version that is not installed only complains.
find_python() {
  if [ -n "${PYTHON:-}" ]; then echo "$PYTHON"; return 0; fi
  local candidate
  for candidate in python3.13 python3.12 python3.11 python3; do
    if "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then
      echo "$candidate"; return 0
    fi
  done
  echo "error: Python 3.11 or newer is needed (or set PYTHON=/path/to/python3)" >&2
  return 1
}

# ensure_venv ""      : the application (requirements.lock)
# ensure_venv "[dev]" : the application and the test tools (requirements-dev.lock)
ensure_venv() {
  local extras="$1" lock=requirements.lock py want
  [ "$extras" = "[dev]" ] && lock=requirements-dev.lock
  py="$(find_python)" || exit 1
  [ -x .venv/bin/python ] || "$py" -m venv .venv
  local stamp=".venv/.daihoi-installed${extras}"
  want="$(.venv/bin/python - "$lock" <<'PY'
import hashlib, sys
print(hashlib.sha256(open("pyproject.toml", "rb").read() + open(sys.argv[1], "rb").read()).hexdigest())
PY
)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "installing the locked packages ($lock) into .venv"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r "$lock"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps \
      --no-build-isolation -e .
    if ! .venv/bin/python -m pip check >/dev/null; then
      .venv/bin/python -m pip check >&2 || true
      echo "error: $lock does not hold what pyproject.toml asks for: run ./scripts/lock" >&2
      exit 1
    fi
    echo "$want" > "$stamp"
  fi
  export PATH="$PWD/.venv/bin:$PATH"
}
