"""De-duplication: Documents become DuplicateGroups (exact, duplicate, revision, contained).

Modules: ``config`` (every knob, :class:`DedupeConfig`), ``fingerprint`` (sentence-scoped
shingles and MinHash), ``index`` (the persisted LSH index), ``verify`` (exact comparison of a
candidate pair), ``incremental`` (which pairs a change can affect, re-verified alone) and
``groups`` (the whole stage: ``dedupe``, ``dedupe_persisted`` and ``dedupe_changed``, the last
reading only the changed documents and the persisted index).
"""
