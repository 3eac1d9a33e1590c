"""What shapes each generated page, as one comparable value per page: an incremental rebuild (the live preview)
renders again only the pages whose value changed since the last build and keeps the rest as they are.

A record page shows the record, the records it refers to, the records that refer to it (its back-links) and its
related records: its value covers the data of all of those. A listing shows its type's records and the titles
of what they refer to. What every page may show (glossary, vocabularies, kännetecken, the words the search
splits compounds against, git dates) is not here: the build compares it as a whole and renders everything when it
changed (see site_inputs)."""
from __future__ import annotations

from ..data.indexes import related_records
from ..data.model import RECORD_TYPES, VOCABULARIES, KnowledgeBase


# The prose of a record: shown on its own page (and in print) only. Other pages show a record's title, summary,
# facts and links, so a change to these alone renders the record's own page again, and nothing else.
OWN_PAGE_FIELDS = frozenset({"body", "results", "measured_results", "lessons", "in_practice", "questions",
                             "pitfalls", "covers", "actions", "purpose", "when_to_use", "who", "steps", "sources",
                             "uncertain", "disputed"})


def record_fingerprints(kb: KnowledgeBase, shown_elsewhere: bool = False) -> dict[tuple[str, str], int]:
    """(type, id) -> hash of the record's data, or of the part other pages show (stable within one process,
    which is all a live preview needs)."""
    if not shown_elsewhere:
        return {(r.type, r.id): hash(repr(r.data)) for r in kb.all_records()}
    return {(r.type, r.id): hash(repr([(k, v) for k, v in r.data.items() if k not in OWN_PAGE_FIELDS]))
            for r in kb.all_records()}


def page_inputs(kb: KnowledgeBase) -> dict[str, int]:
    """Generated page (doc path) -> a value that changes whenever anything the page shows may have changed."""
    own, prints = record_fingerprints(kb), record_fingerprints(kb, shown_elsewhere=True)
    titles = hash(tuple((r.type, r.id, r.title) for r in kb.all_records()))
    inputs = {f"{folder}/index.md": hash((titles, tuple(prints[(folder, r.id)] for r in records.values())))
              for folder, records in kb.records.items()}
    for record in kb.all_records():
        shown = [record]
        for field_name, target in RECORD_TYPES[record.type].references.items():
            if target in RECORD_TYPES:  # vocabularies are compared as a whole (site_inputs)
                shown += kb.resolve(target, record.refs(field_name))
        for referrers in kb.backlinks.get((record.type, record.id), {}).values():
            shown += referrers
        shown += related_records(kb, record)
        inputs[record.doc_path] = hash((own[(record.type, record.id)],
                                        tuple((r.type, r.id, prints[(r.type, r.id)]) for r in shown)))
    return inputs


def site_inputs(kb: KnowledgeBase, vocabulary: list[str]) -> int:
    """What any page may show besides its records: when this changes, every page is rendered again."""
    vocabularies = tuple((name, repr(kb.vocabularies.get(name))) for name in VOCABULARIES)
    return hash((repr(kb.glossary), repr(kb.traits), vocabularies, tuple(vocabulary)))
