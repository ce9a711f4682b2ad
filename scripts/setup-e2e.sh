#!/usr/bin/env bash
# Installs the end-to-end test bed once into a cache outside the repository and reuses it after:
# Debian's chromium, Noto fonts (Myanmar/Bengali/Thai glyphs), libkrb5-dev (code-server's
# native modules), bubblewrap (the sandbox that runs generated code) and python3-venv (a test makes an
# environment as the Python extension would pick it); Node 24 and code-server from npm, each in its own folder with its own
# package.json (a later install in a shared folder would prune node@24's platform package).
set -euo pipefail

CACHE="${AKKHARA_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/akkhara-e2e}"
NODE_VERSION=24.9.0
CODE_SERVER_VERSION=4.139.1
APT_PACKAGES=(chromium fonts-noto-core libkrb5-dev bubblewrap python3-venv)

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
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

install_into() { # folder, package spec, extra env...
  local folder=$1 spec=$2
  shift 2
  mkdir -p "$folder"
  [[ -f $folder/package.json ]] || echo "{\"name\":\"akkhara-e2e-$(basename "$folder")\",\"private\":true}" >"$folder/package.json"
  (cd "$folder" && env "$@" npm install --no-audit --no-fund --no-save --loglevel=error "$spec")
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

echo "setup-e2e: ready (code-server $CODE_SERVER_VERSION, Node $("$NODE24/bin/node" --version), $(chromium --version 2>/dev/null | head -n 1))"
