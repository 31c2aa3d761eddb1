"""The CSV import of meters from the admin web, for one site.

The file goes through :func:`services.registry.import_meters_csv` with the page's site as the default site.
Before that, a line whose site cell names another site refuses the whole file (reason ``other_site``, each
such line listed): staff import into the site they work at, and the registry's own checks already refuse a
serial of another site's meter (``serial_other_site``). The import is audited with who did it.
"""

from __future__ import annotations

from services import audit
from services.db.models import Site
from services.errors import NotFound
from services.registry import ImportReport, LineError, import_meters_csv
from services.registry_csv import decode, parse_registry

OTHER_SITE = "other_site"
"""Reason code of a line naming another site (besides :class:`services.registry_csv.Reason`)."""


async def import_for_site(
    data: bytes, site_id: int, *, actor_id: int | None, source_name: str = "", origin: str = ""
) -> ImportReport:
    site = await Site.get_or_none(id=site_id)
    if site is None:
        raise NotFound(f"site {site_id}")
    report = _foreign_lines(data, site.slug)
    if report is None:
        report = await import_meters_csv(data, default_site_slug=site.slug, source_name=source_name)
    await audit.record(
        "registry.import.web",
        actor_id=actor_id,
        site_id=site_id,
        object_type="file",
        object_id=source_name[:64],
        origin=origin,
        details={
            "imported": report.imported,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "rejected_lines": report.rejected_lines,
            "refused": report.imported == report.updated == report.unchanged == 0 and bool(report.errors),
        },
    )
    return report


def _foreign_lines(data: bytes, slug: str) -> ImportReport | None:
    """The refusal when lines name another site; None when the file may go to the import."""
    try:
        text = decode(data)
    except UnicodeDecodeError:
        return None  # the import reports the encoding itself
    parsed = parse_registry(text)
    if parsed.fatal is not None:
        return None
    foreign = [row for row in parsed.rows if row.site and row.site != slug]
    if not foreign:
        return None
    errors = tuple(LineError(row.line, OTHER_SITE, f"site {row.site!r} is not {slug!r}") for row in foreign)
    return ImportReport(imported=0, updated=0, errors=errors)
