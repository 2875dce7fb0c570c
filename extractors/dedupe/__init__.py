"""De-duplication: Documents become DuplicateGroups (exact, duplicate, revision, contained).

Modules: ``config`` (every knob, :class:`DedupeConfig`), ``fingerprint`` (sentence-scoped
shingles and MinHash), ``index`` (the persisted LSH index), ``verify`` (exact comparison of a
candidate pair) and ``groups`` (the whole stage: ``dedupe`` and ``dedupe_persisted``, which
loads, syncs and saves the index).
"""
