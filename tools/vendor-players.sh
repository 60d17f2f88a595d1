#!/usr/bin/env bash
# Puts the browser players (dash.js, hls.js) on the server's classpath in the WebJars layout,
# OUT_DIR/<name>/<version>/<file>, which the server serves at /vendor/<name>/<version>/<file>.
#
# Why not WebJars: Maven Central has no WebJar of dash.js 4.x/5.x (org.webjars.npm:dashjs is not
# published) and the hls.js WebJar stops at 1.4.12. So the build takes the release tarballs from the npm
# registry with `npm pack` (integrity-checked against the registry, kept in npm's cache) and copies out the
# few files a page loads. The versions come from server/pom.xml (dashjs.version, hlsjs.version), which
# also writes them into the HTML pages, so an upgrade is one pom edit.
#
# Usage: vendor-players.sh OUT_DIR NAME@VERSION...     (run by the server module's build)
set -euo pipefail

out=${1:?usage: vendor-players.sh OUT_DIR NAME@VERSION...}
shift

# The files each page needs, relative to the package root.
files_of() {
  case $1 in
    dashjs) echo "dist/modern/umd/dash.all.min.js dist/modern/umd/dash.all.min.js.LICENSE.txt LICENSE.md" ;;
    hls.js) echo "dist/hls.min.js LICENSE" ;;
    *) echo "vendor-players.sh: no file list for package '$1'" >&2; return 1 ;;
  esac
}

for spec in "$@"; do
  name=${spec%@*}
  version=${spec##*@}
  dest="$out/$name/$version"
  wanted=$(files_of "$name")
  have=1
  for f in $wanted; do [[ -f $dest/$f ]] || have=0; done
  if (( have )); then
    continue
  fi
  if ! command -v npm >/dev/null; then
    echo "vendor-players.sh: npm is needed once to fetch $spec from the npm registry (apt-get install npm)," \
         "or build with -Dplayers.skip=true to leave the web players out" >&2
    exit 1
  fi
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  echo "vendor-players: npm pack $spec"
  tarball=$(cd "$tmp" && npm pack "$spec" --prefer-offline --silent --no-fund --no-audit 2>/dev/null | tail -1)
  if [[ -z $tarball || ! -f $tmp/$tarball ]]; then
    echo "vendor-players.sh: 'npm pack $spec' failed" >&2
    exit 1
  fi
  members=()
  for f in $wanted; do members+=("package/$f"); done
  tar -xzf "$tmp/$tarball" -C "$tmp" "${members[@]}"
  # Copy beside the destination and rename, so an interrupted build never leaves half a player.
  rm -rf "$dest" "$dest.partial"
  for f in $wanted; do
    mkdir -p "$dest.partial/$(dirname "$f")"
    cp "$tmp/package/$f" "$dest.partial/$f"
  done
  mv "$dest.partial" "$dest"
  rm -rf "$tmp"
  trap - EXIT
done
