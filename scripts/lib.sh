# Shared by scripts/run and scripts/test: install what the web app needs, from the lock files.

# Cargo's target directory: CARGO_TARGET_DIR, build.target-dir in a cargo config, or ./target.
target_dir() {
  cargo metadata --format-version 1 --no-deps 2>/dev/null |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])' 2>/dev/null ||
    echo "${CARGO_TARGET_DIR:-target}"
}

# npm ci when node_modules is missing or older than the lock file.
npm_install() {
  local dir=$1
  if ! command -v npm >/dev/null; then
    echo "Node.js and npm are required (apt-get install -y nodejs npm)" >&2
    return 1
  fi
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  fi
}

build_web_app() {
  npm_install frontend
  (cd frontend && npm run -s build)
}
