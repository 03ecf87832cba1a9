#!/usr/bin/env bash
# Create or update the project's virtualenv (.venv) with Odoo 18.0 and what the
# tests need. Idempotent and safe to run concurrently (flock + stamp file).
#
# Odoo 18.0 source is taken, in this order, from:
#   1. $ODOO_SRC (a directory holding an Odoo 18.0 source tree), copied to the cache;
#   2. the cache from an earlier run: $ODOO_CACHE_DIR
#      (default ${XDG_CACHE_HOME:-~/.cache}/crm-success-metrics/odoo-18.0);
#   3. the official 18.0 nightly source archive ($ODOO_NIGHTLY_URL).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${VENV:-$ROOT/.venv}"
PYTHON="${PYTHON:-python3}"
CACHE_DIR="${ODOO_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/crm-success-metrics/odoo-18.0}"
NIGHTLY_URL="${ODOO_NIGHTLY_URL:-https://nightly.odoo.com/18.0/nightly/tgz/odoo_18.0.latest.tar.gz}"

die() { echo "setup: $*" >&2; exit 2; }

is_odoo_18_tree() {
    [ -f "$1/odoo/release.py" ] && [ -d "$1/addons" ] &&
        grep -Eq '^version_info = \(18, 0,' "$1/odoo/release.py"
}

copy_into_cache() {  # copy a source tree into the cache atomically
    local src="$1" tmp="$CACHE_DIR.tmp.$$"
    rm -rf "$tmp"
    mkdir -p "$(dirname "$CACHE_DIR")"
    rsync -a --delete --exclude '.git' --exclude 'custom_addons' "$src/" "$tmp/"
    rm -rf "$CACHE_DIR"
    mv "$tmp" "$CACHE_DIR"
}

download_into_cache() {
    local archive tmp
    archive="$(mktemp)"
    tmp="$(mktemp -d)"
    echo "setup: downloading Odoo 18.0 from $NIGHTLY_URL"
    if ! curl -fsSL --retry 2 -o "$archive" "$NIGHTLY_URL"; then
        rm -rf "$archive" "$tmp"
        die "no Odoo 18.0 source: set ODOO_SRC to an Odoo 18.0 source tree, or keep a cached copy in $CACHE_DIR, or allow the download from $NIGHTLY_URL (it failed)."
    fi
    tar -xzf "$archive" -C "$tmp"
    local extracted
    extracted="$(find "$tmp" -maxdepth 2 -name release.py -path '*/odoo/release.py' -printf '%h\n' | head -n1)"
    is_odoo_18_tree "${extracted%/odoo}" || die "the downloaded archive holds no Odoo 18.0 tree"
    copy_into_cache "${extracted%/odoo}"
    rm -rf "$archive" "$tmp"
}

resolve_odoo_source() {
    if [ -n "${ODOO_SRC:-}" ]; then
        is_odoo_18_tree "$ODOO_SRC" ||
            die "ODOO_SRC=$ODOO_SRC is not an Odoo 18.0 source tree (expected odoo/release.py with version_info = (18, 0, ...) and an addons/ folder)"
        local want have=""
        want="$(cd "$ODOO_SRC" && find odoo/release.py addons -maxdepth 0 -printf '%T@\n' | sha1sum)"
        [ -f "$CACHE_DIR/.source-stamp" ] && have="$(cat "$CACHE_DIR/.source-stamp")"
        if [ "$want|$ODOO_SRC" != "$have" ]; then
            echo "setup: caching Odoo source from $ODOO_SRC into $CACHE_DIR"
            copy_into_cache "$ODOO_SRC"
            echo "$want|$ODOO_SRC" > "$CACHE_DIR/.source-stamp"
        fi
    elif ! is_odoo_18_tree "$CACHE_DIR"; then
        download_into_cache
    fi
}

install_python_packages() {
    local constraints="$ROOT/scripts/pip-constraints.txt" odoo_reqs
    export PIP_CONSTRAINT="$constraints" PIP_DISABLE_PIP_VERSION_CHECK=1
    odoo_reqs="$(mktemp)"
    # gevent/greenlet (longpolling server) and python-ldap (auth_ldap) are not
    # used by the tests and do not build everywhere.
    grep -Ev '^(gevent|greenlet|python-ldap)\b' "$CACHE_DIR/requirements.txt" > "$odoo_reqs"
    "$VENV/bin/pip" install -q -r "$odoo_reqs"
    rm -f "$odoo_reqs"
    # compat mode: report_xlsx's wheel creates an odoo/addons namespace that
    # would hide a default (PEP 660) editable odoo package.
    "$VENV/bin/pip" install -q --no-deps -e "$CACHE_DIR" --config-settings editable_mode=compat
    "$VENV/bin/pip" install -q -r "$ROOT/requirements.txt" -r "$ROOT/requirements-dev.txt"
}

main() {
    command -v "$PYTHON" >/dev/null || die "$PYTHON not found (Python 3.11+ is required)"
    mkdir -p "$(dirname "$CACHE_DIR")"
    exec 9>"$(dirname "$CACHE_DIR")/.setup.lock"
    flock 9
    resolve_odoo_source
    [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
    local stamp
    stamp="$(cat "$CACHE_DIR/odoo/release.py" "$CACHE_DIR/requirements.txt" "$ROOT/requirements.txt" \
        "$ROOT/requirements-dev.txt" "$ROOT/scripts/pip-constraints.txt" "$0" | sha1sum | cut -d' ' -f1)"
    if [ "$(cat "$VENV/.setup-stamp" 2>/dev/null)" != "$stamp|$CACHE_DIR" ]; then
        echo "setup: installing Odoo 18.0 and requirements into $VENV"
        install_python_packages
        echo "$stamp|$CACHE_DIR" > "$VENV/.setup-stamp"
    fi
    echo "$CACHE_DIR" > "$VENV/.odoo-src"
}

main "$@"
