#!/usr/bin/env bash
# Vendor Pipecat's web client (client-js + small-webrtc-transport) and every module its ES
# builds import, as ES modules under static/vendor/NAME@VERSION/ with their licences.
#
# The two Pipecat packages and the dependencies that ship a browser ES build are copied
# unmodified from their npm tarballs. Two dependencies ship CommonJS only (`events`,
# `lodash/cloneDeep`); they are converted to one ES module each with esbuild (pinned), with
# the named exports the Pipecat builds import. templates/examples/pipecat.html maps the bare
# specifiers to these files with an import map. Needs npm; `make run` does not.
set -euo pipefail

CLIENT_JS=1.13.1
TRANSPORT=1.10.8
DAILY=0.90.0     # @daily-co/daily-js: imported by the transport (its DailyMediaManager)
EVENTS=3.3.0
UUID=11.1.1
BOWSER=2.15.1
LODASH=4.18.1
ESBUILD=0.28.2

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VENDOR="$ROOT/static/vendor"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

unpack() {  # unpack NAME@VERSION into $WORK/NAME@VERSION/package
    local spec="$1" dir="$WORK/$1"
    mkdir -p "$dir"
    (cd "$dir" && npm pack --silent "$spec" >/dev/null && tar xzf ./*.tgz)
    echo "$dir/package"
}

fresh() {  # empty static/vendor/NAME@VERSION and print its path
    local dest="$VENDOR/$1"
    rm -rf "$dest"
    mkdir -p "$dest"
    echo "$dest"
}

# -- copied unmodified ----------------------------------------------------------------------
src=$(unpack "@pipecat-ai/client-js@$CLIENT_JS")
dest=$(fresh "@pipecat-ai/client-js@$CLIENT_JS")
mkdir -p "$dest/dist"
cp "$src/dist/index.module.js" "$src/dist/index.module.js.map" "$dest/dist/"  # the map: the build names it
cp "$src/package.json" "$dest/"
transport_src=$(unpack "@pipecat-ai/small-webrtc-transport@$TRANSPORT")
{   # the client-js tarball has no licence file; its package.json says BSD-2-Clause, same
    # holder (Daily) and text as the transport's LICENSE
    echo "@pipecat-ai/client-js $CLIENT_JS: package.json declares \"license\": \"BSD-2-Clause\";"
    echo "its sources say \"Copyright (c) 2024, Daily. SPDX-License-Identifier: BSD-2-Clause\"."
    echo
    cat "$transport_src/LICENSE"
} > "$dest/LICENSE"

dest=$(fresh "@pipecat-ai/small-webrtc-transport@$TRANSPORT")
mkdir -p "$dest/dist"
cp "$transport_src/dist/index.module.js" "$transport_src/dist/index.module.js.map" "$dest/dist/"
cp "$transport_src/LICENSE" "$transport_src/package.json" "$dest/"

src=$(unpack "@daily-co/daily-js@$DAILY")
dest=$(fresh "@daily-co/daily-js@$DAILY")
mkdir -p "$dest/dist"
cp "$src/dist/daily-esm.js" "$dest/dist/"
cp "$src/LICENSE" "$src/package.json" "$dest/"

src=$(unpack "uuid@$UUID")
dest=$(fresh "uuid@$UUID")
mkdir -p "$dest/dist/esm-browser"
for f in "$src"/dist/esm-browser/*.js; do
    [ "$(basename "$f")" = uuid-bin.js ] || cp "$f" "$dest/dist/esm-browser/"  # the CLI imports node's assert
done
cp "$src/LICENSE.md" "$src/package.json" "$dest/"

src=$(unpack "bowser@$BOWSER")
dest=$(fresh "bowser@$BOWSER")
cp "$src/bowser.mjs" "$src/LICENSE" "$src/package.json" "$dest/"

# -- CommonJS only: one ES module each, by esbuild ----------------------------------------------
build_esm() {  # build_esm PACKAGE_DIR ENTRY_SOURCE OUTFILE
    local pkg="$1" entry="$2" out="$3"
    mkdir -p "$WORK/build/node_modules"
    ln -sfn "$pkg" "$WORK/build/node_modules/$(node -p "require('$pkg/package.json').name")"
    printf '%s\n' "$entry" > "$WORK/build/entry.mjs"
    (cd "$WORK/build" && npx --yes "esbuild@$ESBUILD" entry.mjs --bundle --format=esm \
        --platform=browser --legal-comments=inline --log-level=warning --outfile="$out")
}

src=$(unpack "events@$EVENTS")
dest=$(fresh "events@$EVENTS")
build_esm "$src" 'import E from "events"; export default E; export const EventEmitter = E.EventEmitter; export const once = E.once;' "$dest/events.mjs"
cp "$src/LICENSE" "$src/package.json" "$dest/"

src=$(unpack "lodash@$LODASH")
dest=$(fresh "lodash@$LODASH")
build_esm "$src" 'import cloneDeep from "lodash/cloneDeep.js"; export default cloneDeep;' "$dest/cloneDeep.mjs"
cp "$src/LICENSE" "$src/package.json" "$dest/"

echo "vendored the Pipecat client into $VENDOR"
