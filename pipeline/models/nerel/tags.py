"""The NEREL tagger's output: a B/I/O tag per token, per entity type, per nesting level."""
from __future__ import annotations

# NEREL v1.1's 29 entity types; the model predicts all of them (rupress keeps a subset).
TYPES = ("AGE", "AWARD", "CITY", "COUNTRY", "CRIME", "DATE", "DISEASE", "DISTRICT", "EVENT",
         "FACILITY", "FAMILY", "IDEOLOGY", "LANGUAGE", "LAW", "LOCATION", "MONEY", "NATIONALITY",
         "NUMBER", "ORDINAL", "ORGANIZATION", "PENALTY", "PERCENT", "PERSON", "PRODUCT",
         "PROFESSION", "RELIGION", "STATE_OR_PROVINCE", "TIME", "WORK_OF_ART")
TYPE_ID = {t: i for i, t in enumerate(TYPES)}
# level 0: spans no span of the same type contains; level 1: spans inside one of the same type
LEVELS = 2
O, B, I = 0, 1, 2


def decode(tags) -> list[tuple[int, int, int, int]]:
    """(start, end, level, type id) of every span in a (n, LEVELS, TYPES) tag array; an I
    without a B before it starts a span."""
    n = len(tags)
    out = []
    for lev in range(tags.shape[1]):
        for ty in range(tags.shape[2]):
            col = tags[:, lev, ty]
            nz = col.nonzero()[0]
            if not len(nz):
                continue
            start = None
            for j in range(n + 1):
                tag = col[j] if j < n else O
                if start is not None and tag != I:
                    out.append((start, j, lev, ty))
                    start = None
                if tag == B or (tag == I and start is None):
                    start = j
    return out

# NEREL type -> rupress label (the five place types are LOC); other types keep their name.
LABEL_MAP = {
    "PERSON": "PER",
    "ORGANIZATION": "ORG",
    "CITY": "LOC",
    "COUNTRY": "LOC",
    "STATE_OR_PROVINCE": "LOC",
    "DISTRICT": "LOC",
    "LOCATION": "LOC",
}
