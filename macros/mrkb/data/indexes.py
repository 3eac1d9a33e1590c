"""Back-links, computed once per build from the forward references in the data (never written twice)."""
from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from itertools import chain
from operator import attrgetter

from .model import RECORD_TYPES, TRAIT_LINK_TYPES, KnowledgeBase, Record


def build_backlinks(kb: KnowledgeBase) -> dict[tuple[str, str], dict[str, list[Record]]]:
    """(target type, target id) -> referring record type -> referring records (in title order).

    One pass over all records and their reference fields: O(records × references)."""
    backlinks: dict[tuple[str, str], dict[str, list[Record]]] = defaultdict(lambda: defaultdict(list))
    for record in kb.all_records():
        for field_name, target in RECORD_TYPES[record.type].references.items():
            for ref in record.refs(field_name):
                bucket = backlinks[(target, ref)][record.type]
                if not bucket or bucket[-1] is not record:
                    bucket.append(record)
    return {key: dict(value) for key, value in backlinks.items()}


def build_trait_links(kb: KnowledgeBase) -> dict[str, dict[str, list[Record]]]:
    """Kännetecken id -> record type -> the principles, tools and examples the kännetecken names, in the order the
    data gives them (the self-assessment's next steps). Unknown ids are left out; the checks report them."""
    return {trait["id"]: {folder: kb.resolve(folder, trait.get(field_name, []))
                          for field_name, folder in TRAIT_LINK_TYPES.items()}
            for trait in (kb.traits or {}).get("traits", [])}


# A link shared with more records than this says little about relatedness, and scanning it on every page would
# make the build quadratic; only this many records of each shared link are looked at.
RELATED_SCAN_LIMIT = 60
_record_id = attrgetter("id")


def related_records(kb: KnowledgeBase, record: Record, limit: int = 5) -> list[Record]:
    """Records of the same type that share the most links (principles, tools, themes…) with this one.

    Rarer links are looked at first, and each link at most RELATED_SCAN_LIMIT records deep, so the cost
    per page is bounded however large the data grows."""
    buckets = [kb.backlinks.get((target, ref), {}).get(record.type, [])
               for field_name, target in RECORD_TYPES[record.type].references.items()
               for ref in record.refs(field_name)]
    # Counting in C (Counter over a chain) and ranking only the candidates that can still make the top `limit`:
    # this runs on every record page over a few hundred candidates, and was a tenth of the build.
    shared = Counter(map(_record_id, chain.from_iterable(bucket[:RELATED_SCAN_LIMIT] for bucket in buckets)))
    shared.pop(record.id, None)
    candidates = list(shared)
    if len(candidates) > limit:
        cutoff = heapq.nlargest(limit, shared.values())[-1]
        candidates = [other_id for other_id, count in shared.items() if count >= cutoff]
    by_id = kb.records[record.type]
    ranked = heapq.nsmallest(limit, candidates, key=lambda other_id: (-shared[other_id], by_id[other_id].data["title"]))
    return [by_id[other_id] for other_id in ranked]


def merge_unique(*groups) -> list[Record]:
    """The records of several lists in order, each once (e.g. a role's own tools and the tools that name it)."""
    seen, merged = set(), []
    for record in (r for group in groups for r in group):
        if record.id not in seen:
            seen.add(record.id)
            merged.append(record)
    return merged
