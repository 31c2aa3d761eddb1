"""Tickets' attachments on disk: ``<root>/<ticket>/<uuid>-<safe name>`` (root is MB_DATA_DIR/attachments).

:class:`LocalFileStore` implements the :class:`~services.ticket_model.FileStore` port; file I/O runs in a
worker thread. Keys are made here and checked again on every use, so no key can leave the root.
"""

from __future__ import annotations

import asyncio
import re
import unicodedata
import uuid
from pathlib import Path, PurePosixPath

from services.ticket_model import ALLOWED_TYPES

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
NAME_MAX = 80


_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "_",
            "y",
            "_",
            "e",
            "yu",
            "ya",
        ],
        strict=True,
    )
)


def _latin(text: str) -> str:
    """Russian letters transliterated (so "Заявление" stays readable as "Zayavlenie"), the rest as is."""
    out = []
    for char in text:
        latin = _CYRILLIC.get(char.lower())
        if latin is None:
            out.append(char)
        else:
            latin = latin.strip("_")
            out.append(latin.capitalize() if char.isupper() else latin)
    return "".join(out)


def safe_name(file_name: str, mime_type: str) -> str:
    """A file name safe on any file system: ASCII letters, digits, dots, dashes; the right extension."""
    base = file_name.replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = base, ""
    ascii_stem = unicodedata.normalize("NFKD", _latin(stem)).encode("ascii", "ignore").decode()
    stem = _UNSAFE.sub("_", ascii_stem).strip("._-") or "file"
    allowed = ALLOWED_TYPES.get(mime_type, ())
    ext = ext.lower() if ext.lower() in allowed else (allowed[0] if allowed else "bin")
    return f"{stem[: NAME_MAX - len(ext) - 1]}.{ext}"


def storage_key(ticket_id: int, file_name: str, mime_type: str) -> str:
    return f"{ticket_id}/{uuid.uuid4().hex}-{safe_name(file_name, mime_type)}"


class LocalFileStore:
    def __init__(self, root: Path) -> None:
        self._root = root.resolve()

    @property
    def root(self) -> Path:
        return self._root

    def path(self, key: str) -> Path:
        parts = PurePosixPath(key).parts
        if not parts or key.startswith("/") or any(part in ("", ".", "..") for part in parts):
            raise ValueError(f"bad storage key {key!r}")
        path = self._root.joinpath(*parts).resolve()
        if self._root not in path.parents:
            raise ValueError(f"bad storage key {key!r}")
        return path

    async def save(self, key: str, data: bytes) -> None:
        await asyncio.to_thread(self._write, self.path(key), data)

    async def load(self, key: str) -> bytes:
        return await asyncio.to_thread(self.path(key).read_bytes)

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self.path(key).unlink, missing_ok=True)

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".part")
        tmp.write_bytes(data)
        tmp.replace(path)
