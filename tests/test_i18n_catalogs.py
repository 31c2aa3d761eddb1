"""Every message id in the code is translated in ru and en, and catalogs compile themselves.

The ids are extracted the way ``scripts/extract_messages.sh`` does (babel with locales/babel.cfg):
the ``bot`` domain from bot/ and handlers/, the ``web`` domain from admin_web/.
"""

from __future__ import annotations

import gettext
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

import locales

ROOT = Path(__file__).resolve().parents[1]
DOMAIN_SOURCES: dict[str, tuple[str, ...]] = {"bot": ("bot", "handlers"), "web": ("admin_web",)}
PLACEHOLDER = re.compile(r"\{\w*\}|%\(\w+\)[sd]")

MessageId = str | tuple[str, ...]


def extract(domain: str) -> dict[tuple[MessageId, str | None], list[str]]:
    """Message ids (with context) used in the domain's sources, each with where it is used."""
    with (ROOT / "locales" / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)  # type: ignore[no-untyped-call]
    found: dict[tuple[MessageId, str | None], list[str]] = {}
    for source in DOMAIN_SOURCES[domain]:
        directory = ROOT / source
        if not directory.is_dir():
            continue
        for filename, lineno, message, _comments, context in extract_from_dir(str(directory), method_map, options_map):
            found.setdefault((message, context), []).append(f"{source}/{filename}:{lineno}")
    return found


def load(language: str, domain: str) -> Catalog:
    path = ROOT / "locales" / language / "LC_MESSAGES" / f"{domain}.po"
    assert path.exists(), f"{path.relative_to(ROOT)} is missing: run scripts/extract_messages.sh {domain}"
    with path.open("rb") as source:
        return read_po(source, locale=language)


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def test_the_bot_domain_has_messages() -> None:
    """Guards the extraction itself: if it found nothing, the test below would pass vacuously."""
    ids = {message for message, _context in extract("bot")}
    assert {"Help", "Cancel", "Please choose a language:"} <= ids


@pytest.mark.parametrize("language", locales.LANGUAGES)
@pytest.mark.parametrize("domain", sorted(DOMAIN_SOURCES))
def test_every_message_is_translated(domain: str, language: str) -> None:
    used = extract(domain)
    if not used:
        return  # the domain has no sources yet
    catalog = load(language, domain)
    problems: list[str] = []
    for (message, context), where in sorted(used.items(), key=lambda item: item[1]):
        entry = catalog.get(message, context=context)
        msgid = message if isinstance(message, str) else message[0]
        label = f"{msgid!r} ({where[0]})"
        if entry is None:
            problems.append(f"missing: {label}")
            continue
        strings = tuple(entry.string) if isinstance(entry.string, (tuple, list)) else (entry.string or "",)
        if entry.fuzzy or not all(strings):
            problems.append(f"untranslated or fuzzy: {label}")
            continue
        ids = message if isinstance(message, tuple) else (message,)
        expected = set().union(*(placeholders(text) for text in ids))
        for text in strings:
            if placeholders(text) != expected:
                problems.append(f"placeholders differ ({sorted(placeholders(text))}): {label}")
    assert not problems, f"locales/{language}/LC_MESSAGES/{domain}.po:\n" + "\n".join(problems)


# --- automatic compilation -----------------------------------------------------------------------


@pytest.fixture
def source_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """locales.SOURCE_DIR pointed at a copy of the catalogs, with the caches emptied around the test."""
    for po in (ROOT / "locales").glob("*/LC_MESSAGES/*.po"):
        target = tmp_path / po.relative_to(ROOT / "locales")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(po, target)
    monkeypatch.setattr(locales, "SOURCE_DIR", tmp_path)
    _clear_caches()
    yield tmp_path
    _clear_caches()


def _clear_caches() -> None:
    locales.compiled_dir.cache_clear()
    locales.translations.cache_clear()


def _translate(directory: Path, message: str) -> str:
    return gettext.translation("bot", localedir=directory, languages=["ru"]).gettext(message)


def test_catalogs_compile_on_first_use(source_copy: Path) -> None:
    mo = source_copy / "ru" / "LC_MESSAGES" / "bot.mo"
    assert not mo.exists()

    assert locales.compiled_dir() == source_copy
    assert mo.exists()
    assert _translate(source_copy, "Help") == "Помощь"
    assert (source_copy / "en" / "LC_MESSAGES" / "bot.mo").exists()


def test_a_deleted_mo_is_compiled_again(source_copy: Path) -> None:
    mo = source_copy / "ru" / "LC_MESSAGES" / "bot.mo"
    locales.compiled_dir()
    mo.unlink()
    _clear_caches()

    locales.compiled_dir()

    assert _translate(source_copy, "Help") == "Помощь"


def test_an_edited_po_is_compiled_again(source_copy: Path) -> None:
    po = source_copy / "ru" / "LC_MESSAGES" / "bot.po"
    mo = po.with_suffix(".mo")
    locales.compiled_dir()
    edited = po.read_text(encoding="utf-8").replace('msgstr "Помощь"', 'msgstr "Справка"')
    po.write_text(edited, encoding="utf-8")
    stale = po.stat().st_mtime - 60
    os.utime(mo, (stale, stale))
    _clear_caches()

    locales.compiled_dir()

    assert _translate(source_copy, "Help") == "Справка"


def test_an_up_to_date_mo_is_left_alone(source_copy: Path) -> None:
    mo = source_copy / "ru" / "LC_MESSAGES" / "bot.mo"
    locales.compiled_dir()
    newer = mo.stat().st_mtime + 60
    os.utime(mo, (newer, newer))
    _clear_caches()

    locales.compiled_dir()

    assert mo.stat().st_mtime == newer
