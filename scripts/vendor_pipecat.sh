#!/usr/bin/env bash
# Vendor Pipecat's web client (client-js + small-webrtc-transport) and every module its ES
# builds import, as ES modules under static/vendor/NAME@VERSION/ with their licences (a scoped
# @scope/name lands in scope-name@VERSION/, files flat in it, as `make vendor` lays out the
# other libraries).
#
# The two Pipecat packages and the dependencies that ship a browser ES build are copied
# unmodified from their npm tarballs. Two dependencies ship CommonJS only (`events`,
# `lodash/cloneDeep`); they are converted to one ES module each with esbuild (pinned), with
# the named exports the Pipecat builds import. The example page maps the bare specifiers to
# these files with an import map (live/views.py: PIPECAT_IMPORTS). Needs npm; `make run` does
# not.
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

unpack() {  # unpack NAME@VERSION into $WORK and print the package folder
    local dir="$WORK/$(echo "$1" | tr '/@' '__')"
    mkdir -p "$dir"
    (cd "$dir" && npm pack --silent "$1" >/dev/null && tar xzf ./*.tgz)
    echo "$dir/package"
}

fresh() {  # empty static/vendor/FOLDER and print its path
    local dest="$VENDOR/$1"
    rm -rf "$dest"
    mkdir -p "$dest"
    echo "$dest"
}

# -- copied unmodified ----------------------------------------------------------------------
transport=$(unpack "@pipecat-ai/small-webrtc-transport@$TRANSPORT")
src=$(unpack "@pipecat-ai/client-js@$CLIENT_JS")
dest=$(fresh "pipecat-ai-client-js@$CLIENT_JS")
cp "$src/dist/index.module.js" "$src/dist/index.module.js.map" "$dest/"
{   # the client-js tarball has no licence file; its package.json says BSD-2-Clause, with the
    # same holder (Daily) and text as the transport's LICENSE
    echo "@pipecat-ai/client-js $CLIENT_JS: package.json declares \"license\": \"BSD-2-Clause\";"
    echo "its sources say \"Copyright (c) 2024, Daily. SPDX-License-Identifier: BSD-2-Clause\"."
    echo
    cat "$transport/LICENSE"
} > "$dest/LICENSE"

dest=$(fresh "pipecat-ai-small-webrtc-transport@$TRANSPORT")
cp "$transport/dist/index.module.js" "$transport/dist/index.module.js.map" "$transport/LICENSE" "$dest/"

src=$(unpack "@daily-co/daily-js@$DAILY")
dest=$(fresh "daily-co-daily-js@$DAILY")
cp "$src/dist/daily-esm.js" "$src/LICENSE" "$dest/"

src=$(unpack "uuid@$UUID")
dest=$(fresh "uuid@$UUID")
cp -r "$src/dist/esm-browser" "$src/LICENSE.md" "$dest/"

src=$(unpack "bowser@$BOWSER")
dest=$(fresh "bowser@$BOWSER")
cp "$src/bowser.mjs" "$src/LICENSE" "$dest/"

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
cp "$src/LICENSE" "$dest/"

src=$(unpack "lodash@$LODASH")
dest=$(fresh "lodash@$LODASH")
build_esm "$src" 'import cloneDeep from "lodash/cloneDeep.js"; export default cloneDeep;' "$dest/cloneDeep.mjs"
cp "$src/LICENSE" "$dest/"

echo "vendored the Pipecat client into $VENDOR"
