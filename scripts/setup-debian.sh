#!/usr/bin/env bash
# Installs what entgraph needs to build and test on Debian 12, skipping what is already there.
# Runs apt-get directly as root, through sudo otherwise.
set -euo pipefail
packages=(build-essential cmake pkg-config libigraph-dev libjansson-dev libutf8proc-dev
          python3 python3-networkx python3-igraph python3-ahocorasick libxml2-utils graphviz)
# node and npm for the JavaScript readers of tests/export (any installed node will do).
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)
# --with-browser: also headless Chromium and a Hangul font, for tests/render/report.test.sh (which skips
# without them).
[ "${1:-}" = "--with-browser" ] && packages+=(chromium fonts-nanum)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
