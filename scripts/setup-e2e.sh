#!/usr/bin/env bash
# Installs the end-to-end test bed once into a cache outside the repository and reuses it after:
# Debian's chromium, Noto fonts (Myanmar/Bengali/Thai glyphs), libkrb5-dev (code-server's
# native modules), bubblewrap (the sandbox that runs generated code) and python3-venv (a test makes an
# environment as the Python extension would pick it); Node 24 and code-server from npm, each in its own folder with its own
# package.json (a later install in a shared folder would prune node@24's platform package); pre-commit
# from PyPI in a virtual environment of its own (a test installs Akkhara's hooks with it, as a course does).
set -euo pipefail

CACHE="${AKKHARA_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/akkhara-e2e}"
NODE_VERSION=24.9.0
CODE_SERVER_VERSION=4.139.1
PRE_COMMIT_VERSION=4.6.2
APT_PACKAGES=(chromium fonts-noto-core libkrb5-dev bubblewrap python3-venv)
# `--for-start` (npm start): only what a student's VS Code needs — code-server, its native modules'
# library and the sandbox. The student's own browser shows it; Chromium, fonts for screenshots and
# pre-commit are the tests'.
FOR_START=false
if [[ ${1:-} == --for-start ]]; then
  FOR_START=true
  APT_PACKAGES=(libkrb5-dev bubblewrap)
fi

missing=()
for package in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup-e2e: please install these Debian packages first: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
  echo "setup-e2e: installing ${missing[*]}"
  # Another apt (an unattended upgrade) may hold the lock: wait for it, up to ten minutes.
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

install_into() { # folder, package spec, extra env...
  local folder=$1 spec=$2
  shift 2
  mkdir -p "$folder"
  [[ -f $folder/package.json ]] || echo "{\"name\":\"akkhara-e2e-$(basename "$folder")\",\"private\":true}" >"$folder/package.json"
  # Run from `npm start`, the outer npm's variables would reach this npm and its packages' scripts:
  # code-server's postinstall reads the Node version from npm_config_user_agent ("node/v20…"), not
  # from the Node 24 that runs it. The inner install starts from a clean slate.
  local inherited
  inherited=$(env | sed -n 's/^\(npm_[A-Za-z0-9_]*\)=.*/-u \1/p' | tr '\n' ' ')
  # shellcheck disable=SC2086 # one word per -u NAME
  (cd "$folder" && env $inherited "$@" npm install --no-audit --no-fund --no-save --loglevel=error "$spec")
}

node_root() { compgen -G "$CACHE/node24/node_modules/node/node_modules/node-linux-*" | head -n 1; }

if [[ -z $(node_root) ]] || [[ $("$(node_root)/bin/node" --version 2>/dev/null) != "v$NODE_VERSION" ]]; then
  echo "setup-e2e: installing Node $NODE_VERSION into $CACHE/node24"
  install_into "$CACHE/node24" "node@$NODE_VERSION"
fi
NODE24=$(node_root)

code_server="$CACHE/code-server/node_modules/.bin/code-server"
if ! [[ -x $code_server ]] || ! PATH="$NODE24/bin:$PATH" "$code_server" --version 2>/dev/null | grep -q "^$CODE_SERVER_VERSION "; then
  echo "setup-e2e: installing code-server $CODE_SERVER_VERSION into $CACHE/code-server (a few minutes)"
  install_into "$CACHE/code-server" "code-server@$CODE_SERVER_VERSION" PATH="$NODE24/bin:$PATH" npm_config_nodedir="$NODE24"
fi

if $FOR_START; then
  echo "setup-e2e: ready for npm start (code-server $CODE_SERVER_VERSION, Node $("$NODE24/bin/node" --version))"
  exit 0
fi

pre_commit="$CACHE/pre-commit/bin/pre-commit"
if ! [[ -x $pre_commit ]] || [[ $("$pre_commit" --version 2>/dev/null) != "pre-commit $PRE_COMMIT_VERSION" ]]; then
  echo "setup-e2e: installing pre-commit $PRE_COMMIT_VERSION into $CACHE/pre-commit"
  rm -rf "$CACHE/pre-commit"
  python3 -m venv "$CACHE/pre-commit"
  "$CACHE/pre-commit/bin/pip" install --quiet --disable-pip-version-check --retries 1 --timeout 30 "pre-commit==$PRE_COMMIT_VERSION"
fi

echo "setup-e2e: ready (pre-commit $PRE_COMMIT_VERSION, code-server $CODE_SERVER_VERSION, Node $("$NODE24/bin/node" --version), $(chromium --version 2>/dev/null | head -n 1))"
