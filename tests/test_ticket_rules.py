"""Tickets' rules without a database: attachment limits, file names and keys, review dates, texts."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from services.db.models import Site
from services.enums import TicketType
from services.errors import InvalidInput
from services.ticket_files import LocalFileStore, safe_name, storage_key
from services.ticket_model import MAX_FILE_SIZE, check_attachment, check_content, validate_text
from services.ticket_store import due_at, review_days
from tests.tickets_harness import JPEG, PDF, PNG


@pytest.mark.parametrize(
    ("name", "mime", "expected"),
    [
        ("", "image/jpeg", "image/jpeg"),  # a photo
        ("scan.PDF", "application/pdf", "application/pdf"),
        ("IMG_0001.HEIC", "image/heic", "image/heic"),
        ("shot.png", "", "image/png"),  # no declared type: the extension decides
        ("photo.jpg", "image/jpg", "image/jpeg"),
        ("x.webp", "application/octet-stream", "image/webp"),
    ],
)
def test_allowed_files(name: str, mime: str, expected: str) -> None:
    assert check_attachment(name, mime, 1000) == expected


@pytest.mark.parametrize(
    ("name", "mime", "size", "reason"),
    [
        ("act.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", 10, "type"),
        ("virus.exe", "application/octet-stream", 10, "type"),
        ("fake.pdf", "image/png", 10, "type"),  # the name and the type disagree
        ("big.pdf", "application/pdf", MAX_FILE_SIZE + 1, "too_large"),
        ("empty.pdf", "application/pdf", 0, "empty"),
    ],
)
def test_refused_files(name: str, mime: str, size: int, reason: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        check_attachment(name, mime, size)
    assert (caught.value.field, caught.value.reason) == ("attachment", reason)


def test_the_bytes_must_be_what_the_file_claims() -> None:
    check_content("image/jpeg", JPEG)
    check_content("image/png", PNG)
    check_content("application/pdf", PDF)
    check_content("image/heif", b"\x00\x00\x00\x18ftypheic" + b"\x00" * 16)
    for mime, data in (("application/pdf", JPEG), ("image/jpeg", b"MZ\x90\x00"), ("image/png", b"")):
        with pytest.raises(InvalidInput):
            check_content(mime, data)


def test_safe_names_and_keys(tmp_path: Path) -> None:
    assert safe_name("Заявление (подписано).PDF", "application/pdf") == "Zayavlenie_podpisano.pdf"
    assert safe_name("Щит №3 у ёлки.jpg", "image/jpeg") == "Shchit_No3_u_elki.jpg"
    assert safe_name("../../etc/passwd", "image/png") == "passwd.png"
    assert safe_name("", "image/jpeg") == "file.jpg"
    assert len(safe_name("a" * 500 + ".pdf", "application/pdf")) <= 80
    key = storage_key(42, "../x.pdf", "application/pdf")
    assert key.startswith("42/")
    assert key.endswith("-x.pdf")
    assert ".." not in key

    store = LocalFileStore(tmp_path)
    for bad in ("../escape.pdf", "/etc/passwd", "42/../../x", ""):
        with pytest.raises(ValueError):
            store.path(bad)


async def test_the_store_writes_reads_and_deletes(tmp_path: Path) -> None:
    store = LocalFileStore(tmp_path / "attachments")
    await store.save("7/abc-scan.pdf", PDF)
    assert (tmp_path / "attachments" / "7" / "abc-scan.pdf").read_bytes() == PDF
    assert await store.load("7/abc-scan.pdf") == PDF
    await store.delete("7/abc-scan.pdf")
    await store.delete("7/abc-scan.pdf")  # already gone: fine
    assert not (tmp_path / "attachments" / "7" / "abc-scan.pdf").exists()


def test_review_date_is_the_end_of_the_local_day() -> None:
    filed = datetime(2026, 11, 23, 22, 30, tzinfo=UTC)  # 01:30 on 24.11 in Moscow
    assert due_at(filed, 3, "Europe/Moscow") == datetime(2026, 11, 27, 20, 59, 59, tzinfo=UTC)
    # Across the end of daylight saving time in Berlin (25.10.2026): still 23:59:59 local.
    assert due_at(datetime(2026, 10, 20, 12, tzinfo=UTC), 10, "Europe/Berlin") == datetime(
        2026, 10, 30, 22, 59, 59, tzinfo=UTC
    )


def test_review_days_of_a_site_fall_back_to_the_defaults() -> None:
    site = Site(ticket_review_days={"complaint": 1, "question": "5", "theft": 0, "other": True, "connection": 400})
    assert review_days(site, TicketType.COMPLAINT) == 1
    assert review_days(site, TicketType.QUESTION) == 3
    assert review_days(site, TicketType.THEFT) == 3
    assert review_days(site, TicketType.OTHER) == 10
    assert review_days(site, TicketType.CONNECTION) == 30


def test_texts() -> None:
    assert validate_text("  Нет света \n на участке 12  ") == "Нет света\n на участке 12"
    for raw, reason in (("   ", "empty"), ("коротко", "too_short"), ("x" * 4001, "too_long")):
        with pytest.raises(InvalidInput) as caught:
            validate_text(raw)
        assert caught.value.reason == reason
