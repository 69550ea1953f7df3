#!/usr/bin/env bash
# Install what tests/test_browser.py needs: Debian's Chromium and axe-core.
#
# Idempotent: anything already present is left alone. Nothing is committed:
# axe-core goes into .ci/node_modules (git-ignored by .ci/.gitignore). Playwright
# for Python comes from the project's test extras and never downloads a browser.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
axe_dir="${BOARDPACK_AXE_DIR:-$here}"

if command -v chromium >/dev/null 2>&1; then
  echo "install-browser: chromium already installed ($(chromium --version 2>/dev/null || echo unknown version))"
else
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "install-browser: installing Debian's chromium with apt-get"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    chromium fonts-dejavu-core >/dev/null
  echo "install-browser: installed $(chromium --version 2>/dev/null || echo chromium)"
fi

if [ -f "$axe_dir/node_modules/axe-core/axe.min.js" ]; then
  echo "install-browser: axe-core already in $axe_dir/node_modules"
elif command -v npm >/dev/null 2>&1; then
  echo "install-browser: installing axe-core from the npm registry into $axe_dir/node_modules"
  npm install --prefix "$axe_dir" --no-save --no-audit --no-fund --silent axe-core@4 >/dev/null
  echo "install-browser: installed axe-core $(node -p "require('$axe_dir/node_modules/axe-core/package.json').version" 2>/dev/null || echo '')"
else
  echo "install-browser: npm not found; the accessibility test will be skipped"
fi
