#!/usr/bin/env python3
"""Extract message ids and set their translations, under a lock so that several people can do it at once.

    .venv/bin/python scripts/translate.py bot my_texts.json
    .venv/bin/python scripts/translate.py web -          # JSON from standard input

The JSON maps each msgid to {"ru": "…", "en": "…"} (plural ids: {"ru": ["…", "…", "…"], "en": ["…", "…"]},
keyed by the singular msgid). It runs scripts/extract_messages.sh for the domain (new ids from the sources
appear, vanished ones are dropped), then writes the given translations into
locales/{ru,en}/LC_MESSAGES/<domain>.po. Ids in the JSON that the sources do not use are reported.
"""

from __future__ import annotations

import fcntl
import json
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "locales" / ".catalog.lock"


def main(domain: str, source: str) -> int:
    text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    wanted: dict[str, dict[str, str | list[str]]] = json.loads(text)
    with LOCK.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        subprocess.run([str(ROOT / "scripts" / "extract_messages.sh"), domain], check=True, cwd=ROOT)
        unknown: set[str] = set(wanted)
        for lang in ("ru", "en"):
            path = ROOT / "locales" / lang / "LC_MESSAGES" / f"{domain}.po"
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=lang)
            for message in catalog:
                key = message.id[0] if isinstance(message.id, tuple) else message.id
                if not key or key not in wanted or lang not in wanted[key]:
                    continue
                unknown.discard(key)
                value = wanted[key][lang]
                message.string = tuple(value) if isinstance(value, list) else value
                message.flags.discard("fuzzy")
            with path.open("wb") as handle:
                write_po(handle, catalog, width=0, sort_by_file=True, ignore_obsolete=True)
    for key in sorted(unknown):
        print(f"not used in the sources (skipped): {key!r}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in {"bot", "web"}:
        print(__doc__, file=sys.stderr)
        raise SystemExit(2)
    raise SystemExit(main(sys.argv[1], sys.argv[2]))
