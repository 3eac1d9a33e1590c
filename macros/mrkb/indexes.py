"""Back-links, computed once per build from the forward references in the data (never written twice)."""
from __future__ import annotations

from collections import defaultdict

from .model import RECORD_TYPES, KnowledgeBase, Record


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


# A link shared with more records than this says little about relatedness, and scanning it on every page would
# make the build quadratic; only this many records of each shared link are looked at.
RELATED_SCAN_LIMIT = 200


def related_records(kb: KnowledgeBase, record: Record, limit: int = 5) -> list[Record]:
    """Records of the same type that share the most links (principles, tools, themes…) with this one.

    Rarer links are looked at first, and each link at most RELATED_SCAN_LIMIT records deep, so the cost
    per page is bounded however large the data grows."""
    buckets = [kb.backlinks.get((target, ref), {}).get(record.type, [])
               for field_name, target in RECORD_TYPES[record.type].references.items()
               for ref in record.refs(field_name)]
    shared: dict[str, int] = defaultdict(int)
    for bucket in sorted(buckets, key=len):
        for other in bucket[:RELATED_SCAN_LIMIT]:
            if other.id != record.id:
                shared[other.id] += 1
    ranked = sorted(shared, key=lambda other_id: (-shared[other_id], kb.records[record.type][other_id].title))
    return [kb.records[record.type][other_id] for other_id in ranked[:limit]]
