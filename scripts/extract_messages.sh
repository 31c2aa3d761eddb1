#!/usr/bin/env bash
# Extract gettext message ids from the sources and merge them into the catalogs.
#
#   scripts/extract_messages.sh          # both domains
#   scripts/extract_messages.sh bot      # only one domain (bot | web)
#
# Domains: `bot` (Telegram texts, from bot/ and handlers/) and `web` (admin web texts, from admin_web/).
# For each domain it writes locales/<domain>.pot with pybabel extract (mapping and keywords in
# locales/babel.cfg), then merges it into locales/{ru,en}/LC_MESSAGES/<domain>.po with pybabel update
# (creating a missing catalog). New ids arrive with an empty msgstr: translate them in both languages;
# tests/test_i18n_catalogs.py fails until every id has a non-fuzzy translation in ru and en.
# Compiling to .mo is never needed by hand: locales.compiled_dir() does it on first use.
set -euo pipefail

cd "$(dirname "$0")/.."
PYBABEL="${PYBABEL:-.venv/bin/pybabel}"
[ -x "$PYBABEL" ] || PYBABEL=pybabel

extract() {
    local domain="$1"
    shift
    local sources=()
    for dir in "$@"; do
        [ -d "$dir" ] && sources+=("$dir")
    done
    if [ "${#sources[@]}" -eq 0 ]; then
        echo "skip $domain: none of $* exists"
        return
    fi
    "$PYBABEL" --quiet extract --mapping-file=locales/babel.cfg --output-file="locales/$domain.pot" \
        --project=meterbot --copyright-holder=meterbot --no-wrap --sort-by-file "${sources[@]}"
    for lang in ru en; do
        "$PYBABEL" --quiet update --input-file="locales/$domain.pot" --output-dir=locales --domain="$domain" \
            --locale="$lang" --init-missing --no-wrap --no-fuzzy-matching --ignore-pot-creation-date
    done
}

domains=("$@")
[ "${#domains[@]}" -gt 0 ] || domains=(bot web)
for domain in "${domains[@]}"; do
    case "$domain" in
        bot) extract bot bot handlers ;;
        web) extract web admin_web ;;
        *) echo "unknown domain: $domain (expected bot or web)" >&2; exit 2 ;;
    esac
done
