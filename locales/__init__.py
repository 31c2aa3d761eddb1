"""Gettext catalogs (ru default, en complete) and their automatic compilation.

Sources are ``locales/<lang>/LC_MESSAGES/<domain>.po``; the compiled ``.mo`` files are written next to
them on first use (or into ``MB_DATA_DIR``-style cache directories when the package is read-only), so
compiling catalogs is never a manual step.
"""

from __future__ import annotations

import gettext
import logging
import os
import tempfile
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

log = logging.getLogger(__name__)

SOURCE_DIR = Path(__file__).resolve().parent
LANGUAGES: tuple[str, ...] = ("ru", "en")
DEFAULT_LANGUAGE = "ru"
DOMAINS: tuple[str, ...] = ("bot", "web")


def _writable(directory: Path) -> bool:
    return os.access(directory, os.W_OK)


def _compile_one(po_path: Path, mo_path: Path) -> None:
    with po_path.open("rb") as source:
        catalog = read_po(source)
    mo_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = mo_path.with_suffix(".mo.tmp")
    with tmp.open("wb") as target:
        write_mo(target, catalog, use_fuzzy=False)
    tmp.replace(mo_path)


@cache
def compiled_dir() -> Path:
    """Compile every catalog whose ``.mo`` is missing or older than its ``.po``; return the directory.

    The result is a directory laid out as gettext expects (``<lang>/LC_MESSAGES/<domain>.mo``).
    """
    target = SOURCE_DIR if _writable(SOURCE_DIR) else Path(tempfile.gettempdir()) / "meterbot-locales"
    for po_path in sorted(SOURCE_DIR.glob("*/LC_MESSAGES/*.po")):
        mo_path = target / po_path.relative_to(SOURCE_DIR).with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            _compile_one(po_path, mo_path)
            log.debug("compiled %s", mo_path)
    return target


@cache
def translations(language: str, domain: str) -> gettext.NullTranslations:
    """Translations for one language and domain; unknown languages fall back to the default."""
    if language not in LANGUAGES:
        language = DEFAULT_LANGUAGE
    return gettext.translation(domain, localedir=compiled_dir(), languages=[language], fallback=True)


def normalize_language(code: str | None) -> str:
    """Map a Telegram ``language_code`` such as ``en-GB`` to a supported language."""
    if not code:
        return DEFAULT_LANGUAGE
    base = code.split("-")[0].split("_")[0].lower()
    return base if base in LANGUAGES else DEFAULT_LANGUAGE
