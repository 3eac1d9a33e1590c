"""Checks the schema cannot express: real dates, well-formed URLs, references, unique ids and titles."""
from __future__ import annotations

import datetime
import difflib
import re
from urllib.parse import parse_qsl, urlsplit

from .model import RECORD_TYPES, TRAIT_LINK_TYPES, VOCABULARIES, KnowledgeBase, Record
from ..base.problems import Problem
from .yaml_source import ParsedFile

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_DATE_FIELDS = {"reviewed", "date"}


def _walk(value, path=()):
    """Every (path, value) pair in a parsed document. A stack, not nested generators: each level of `yield from`
    made every value cost more, and this runs over every value of every file."""
    stack = [(path, value)]
    while stack:
        path, value = stack.pop()
        yield path, value
        if isinstance(value, dict):
            stack.extend((path + (key,), item) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend((path + (index,), item) for index, item in enumerate(value))


_CHECKED_FIELDS = _DATE_FIELDS | {"url"}


def _checked_values(parsed: ParsedFile) -> list[tuple]:
    """(path, text) of every reviewed, date and url field. One walk over the file, shared by check_dates and
    check_urls (kept on the parsed file): walking every value twice was a sixth of validating 5,000 files."""
    cached = getattr(parsed, "_checked_values", None)
    if cached is None:
        cached = [(path, value) for path, value in _walk(parsed.data)
                  if path and path[-1] in _CHECKED_FIELDS and isinstance(value, str)]
        parsed._checked_values = cached
    return cached


def check_dates(parsed: ParsedFile) -> list[Problem]:
    problems = []
    today = datetime.date.today()
    for path, value in _checked_values(parsed):
        if path[-1] not in _DATE_FIELDS:
            continue
        match = _DATE.match(value)
        if not match:
            continue  # the schema reports the wrong form
        year, month, day = (int(part) if part else 1 for part in match.groups())
        try:
            date = datetime.date(year, month, day)
        except ValueError:
            problems.append(parsed.problem(path, f"Datumet '{value}' finns inte i kalendern. "
                                                 "Kontrollera månad och dag (ÅÅÅÅ-MM-DD)."))
            continue
        if path[-1] == "reviewed" and date > today:
            problems.append(parsed.problem(path, f"Granskningsdatumet '{value}' ligger i framtiden. "
                                                 "Skriv dagens datum eller det datum då posten granskades."))
    return problems


# Query parameters that track the reader or show a page's unpublished preview: a source must not carry them.
TRACKING_PARAMETERS = re.compile(r"^(previewmode|utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_hsenc|_hsmi|"
                                 r"igshid|yclid|_ga|_gl|ref_src)$", re.IGNORECASE)


def tracking_parameters(url: str) -> list[str]:
    """Names of the tracking or preview parameters in a URL's query, e.g. ['previewMode']."""
    return [name for name, _ in parse_qsl(urlsplit(url).query, keep_blank_values=True)
            if TRACKING_PARAMETERS.match(name)]


def check_urls(parsed: ParsedFile) -> list[Problem]:
    problems = []
    for path, value in _checked_values(parsed):
        if path[-1] != "url":
            continue
        parts = urlsplit(value)
        host = parts.hostname or ""
        if parts.scheme not in ("http", "https") or "." not in host or any(c in value for c in ' "<>'):
            problems.append(parsed.problem(path, f"Webbadressen '{value}' är inte välformad. Skriv hela adressen, "
                                                 "till exempel https://skr.se/..., utan mellanslag."))
        elif found := tracking_parameters(value):
            problems.append(parsed.problem(path, f"Webbadressen '{value}' innehåller {', '.join(found)}, som "
                                                 "spårar läsaren eller visar en förhandsversion av sidan. Ta bort "
                                                 "den delen av adressen och kontrollera att sidan fortfarande fungerar."))
    return problems


def check_unique_ids(parsed: ParsedFile, list_field: str) -> list[Problem]:
    problems, seen = [], {}
    for index, entry in enumerate(parsed.data.get(list_field, [])):
        entry_id = entry.get("id") if isinstance(entry, dict) else None
        if entry_id is None:
            continue
        if entry_id in seen:
            problems.append(parsed.problem((list_field, index, "id"), f"Id '{entry_id}' används redan "
                                           f"(punkt {seen[entry_id] + 1} i listan). Välj ett annat id."))
        else:
            seen[entry_id] = index
    return problems


# Swedish "ingen" or "inget" depends on the noun's gender.
_NEUTER_NOUNS = {"verktyg", "aktörskap", "lärande exempel", "tema", "län"}


def _reference_problem(parsed: ParsedFile, path, wanted_id, target: str, known) -> Problem:
    """An unknown or empty id: what was wrong, a near miss ("Menade du …"), and the valid ids to choose from."""
    label = RECORD_TYPES[target].singular if target in RECORD_TYPES else VOCABULARIES[target]
    where = f"data/{target}/" if target in RECORD_TYPES else f"data/vokabular/{target}.yml"
    none = "inget" if label in _NEUTER_NOUNS else "ingen"
    if not known:
        valid = f"{where} är tom än så länge."
    elif len(known) <= 25:
        valid = f"Giltiga id: {', '.join(sorted(known))}."
    else:
        valid = f"Det finns {len(known)} giltiga id i {where}."
    if wanted_id is None or not str(wanted_id).strip():
        where_empty = "Punkten i listan är tom" if isinstance(path[-1], int) else "Fältet är tomt"
        return parsed.problem(path, f"{where_empty}. Skriv id:t för {'ett' if none == 'inget' else 'en'} {label}. "
                                    f"{valid}")
    close = difflib.get_close_matches(str(wanted_id), list(known), n=1)
    suggestion = f" Menade du '{close[0]}'?" if close else ""
    return parsed.problem(path, f"Det finns {none} {label} med id '{wanted_id}'.{suggestion} {valid} "
                                f"Lägg till posten i {where} om den saknas.")


def check_references(kb: KnowledgeBase, parsed_by_record: dict, unavailable=frozenset()) -> list[Problem]:
    """unavailable: (folder, id) of files that exist but could not be loaded, and (vocabulary, "*") for broken
    vocabularies. Their own problems are already reported; references to them are not errors in the referrer."""
    return [problem for record in kb.all_records()
            for problem in check_record_references(kb, record.type, parsed_by_record[(record.type, record.id)],
                                                   unavailable)]


def check_record_references(kb: KnowledgeBase, folder: str, parsed: ParsedFile, unavailable=frozenset()):
    """The references of one record file. Also run on files that break the schema (any shape of value is
    tolerated), so that an unknown county is reported in the same run as a misspelt key in the same file; an
    empty id gets the list of valid ids."""
    problems = []
    for field_name, target in RECORD_TYPES[folder].references.items():
        if field_name not in parsed.data:
            continue
        known = kb.records.get(target) or kb.vocabularies.get(target) or {}
        value = parsed.data[field_name]
        items = [((field_name, index), ref) for index, ref in enumerate(value)] if isinstance(value, list) \
            else [((field_name,), value)]
        for path, ref in items:
            if ref is None or isinstance(ref, str) and not ref.strip():
                problems.append(_reference_problem(parsed, path, None, target, known))
            elif isinstance(ref, str) and ref not in known and (target, ref) not in unavailable \
                    and (target, "*") not in unavailable:
                problems.append(_reference_problem(parsed, path, ref, target, known))
    return problems


def check_unique_titles(kb: KnowledgeBase, parsed_by_record: dict, broken=()) -> list[Problem]:
    """Each record that shares its title with another is reported, naming the others, so that the contributor
    who added the new one is told in their own file whichever order the files are read in. broken: parsed
    record files that break the schema; their titles count too, so that this is said in the same run."""
    titled = [(record.title, parsed_by_record[(record.type, record.id)]) for record in kb.all_records()]
    titled += [(parsed.data["title"], parsed) for parsed in broken
               if isinstance(parsed.data.get("title"), str) and parsed.data["title"].strip()]
    by_title: dict[str, list] = {}
    for title, parsed in titled:
        by_title.setdefault(title.strip().casefold(), []).append((title, parsed))
    problems = []
    for entries in by_title.values():
        for title, parsed in entries if len(entries) > 1 else []:
            others = ", ".join(sorted(other.path for _, other in entries if other is not parsed))
            problems.append(parsed.problem(
                ("title",), f"Rubriken '{title}' används redan i {others}. "
                            "Två poster får inte ha samma rubrik; gör rubriken mer precis."))
    return problems


def check_referenced(kb: KnowledgeBase, parsed_by_record: dict) -> list[Problem]:
    """Every principle, aktörskap, role and tool is referred to by another record, unless marked standalone.
    Examples are the leaves of the graph, and a law or convention is a way in that holds on its own, so nothing
    needs to refer to them."""
    referenced = {(target, ref) for record in kb.all_records()
                  for field_name, target in RECORD_TYPES[record.type].references.items()
                  for ref in record.refs(field_name)}
    problems = []
    for record in kb.all_records():
        if record.type in ("exempel", "lagar") or record.data.get("standalone") or (record.type, record.id) in referenced:
            continue
        problems.append(parsed_by_record[(record.type, record.id)].problem(
            ("id",), f"Ingen annan post hänvisar till {RECORD_TYPES[record.type].definite} '{record.id}'. "
                     "Lägg till id:t i ett verktyg eller exempel som hör ihop med den, eller skriv "
                     "'standalone: true' om posten medvetet står för sig själv."))
    return problems


def check_glossary(kb: KnowledgeBase, parsed: ParsedFile, unavailable=frozenset()) -> list[Problem]:
    problems, seen = [], {}
    source_count = len(parsed.data["sources"])
    for index, term in enumerate(parsed.data["terms"]):
        key = term["term"].casefold()
        if key in seen:
            problems.append(parsed.problem(("terms", index, "term"), f"Begreppet '{term['term']}' finns redan "
                                           f"(punkt {seen[key] + 1}). Slå ihop förklaringarna."))
        seen.setdefault(key, index)
        if "see" in term:
            folder, _, ref = term["see"].partition("/")
            if (folder not in RECORD_TYPES or ref not in kb.records[folder]) and (folder, ref) not in unavailable:
                known = kb.records.get(folder, {})
                problems.append(_reference_problem(parsed, ("terms", index, "see"), ref,
                                                   folder if folder in RECORD_TYPES else "principer", known))
        if term.get("source", 1) > source_count:
            problems.append(parsed.problem(("terms", index, "source"), f"Källa nummer {term['source']} finns inte: "
                                           f"listan sources har {source_count} {'källa' if source_count == 1 else 'källor'}."))
    return problems


def check_traits(kb: KnowledgeBase, parsed: ParsedFile, unavailable=frozenset()) -> list[Problem]:
    problems = check_levels(parsed)
    for list_field in ("traits", "advice"):
        problems.extend(check_unique_ids(parsed, list_field))
        for index, item in enumerate(parsed.data[list_field]):
            for field_name, target in TRAIT_LINK_TYPES.items():
                for ref_index, ref in enumerate(item.get(field_name, [])):
                    if ref not in kb.records[target] and (target, ref) not in unavailable:
                        problems.append(_reference_problem(parsed, (list_field, index, field_name, ref_index), ref,
                                                           target, kb.records[target]))
    return problems


def check_levels(parsed: ParsedFile) -> list[Problem]:
    """The self-assessment's levels: unique ids, and the established ones (next steps are shown below them) are
    the highest, with at least one level below them."""
    problems = check_unique_ids(parsed, "levels")
    levels = parsed.data.get("levels", [])
    established = [index for index, level in enumerate(levels) if level.get("established")]
    if not established:
        problems.append(parsed.problem(("levels",), "Ingen nivå är markerad som etablerad. Skriv "
                                       "'established: true' på den eller de högsta nivåerna, så att "
                                       "självskattningen vet när den ska föreslå nästa steg."))
    elif established[0] == 0 or established != list(range(established[0], len(levels))):
        problems.append(parsed.problem(("levels", established[0], "established"),
                                       "Nivåerna med 'established: true' ska vara de högsta, sist i listan, och "
                                       "minst en nivå ska ligga under dem. Flytta nivåerna eller ändra markeringen."))
    return problems
