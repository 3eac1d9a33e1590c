"""Records due for review: those whose `reviewed` date is older than a number of months (`make stale`)."""
from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from .model import RECORD_TYPES, KnowledgeBase

DEFAULT_MONTHS = 24


@dataclass(frozen=True)
class StaleRecord:
    reviewed: datetime.date
    months_old: int
    type: str
    id: str
    title: str
    source_path: str


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day of the month `months` earlier (the last day of the month when that day does not exist)."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_between(earlier: datetime.date, later: datetime.date) -> int:
    """Whole months from earlier to later."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - 1 if later.day < earlier.day else months


def stale_records(kb: KnowledgeBase, today: datetime.date, months: int = DEFAULT_MONTHS) -> list[StaleRecord]:
    """Records reviewed before `today` minus `months`, oldest first (ties by type and id, for a stable list)."""
    cutoff = months_before(today, months)
    found = []
    for record in kb.all_records():
        try:
            reviewed = datetime.date.fromisoformat(record.data["reviewed"])
        except ValueError:  # e.g. 2023-02-30: validation reports it; here it cannot be ranked
            continue
        if reviewed < cutoff:
            found.append(StaleRecord(reviewed, months_between(reviewed, today), record.type, record.id,
                                     record.title, record.source_path))
    return sorted(found, key=lambda r: (r.reviewed, r.type, r.id))


def format_table(rows: list[StaleRecord], months: int, today: datetime.date) -> str:
    """A plain-text table in Swedish, readable in a terminal."""
    if not rows:
        period = "den senaste månaden" if months == 1 else f"de senaste {months} månaderna"
        return f"Alla poster är granskade {period} (räknat från {today.isoformat()})."
    header = ("Granskad", "Ålder", "Typ", "Rubrik", "Fil")
    cells = [(r.reviewed.isoformat(), f"{r.months_old} mån", RECORD_TYPES[r.type].singular, r.title,
              r.source_path) for r in rows]
    widths = [max(len(row[i]) for row in [header, *cells]) for i in range(len(header))]

    def line(row):
        return "  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip()

    count = len(rows)
    intro = (f"{count} {'post har' if count == 1 else 'poster har'} inte granskats på mer än {months} {'månad' if months == 1 else 'månader'} "
             f"(granskade före {months_before(today, months).isoformat()}). Äldst först:")
    return "\n".join([intro, "", line(header), line(tuple("-" * w for w in widths)), *map(line, cells), "",
                      "Kontrollera posten mot källorna och skriv dagens datum i fältet 'reviewed'."])
