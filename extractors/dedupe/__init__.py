"""De-duplication: Documents become DuplicateGroups (exact, duplicate, revision, contained).

Modules: ``fingerprint`` (sentence-scoped shingles and MinHash), ``index`` (the persisted LSH
index), ``verify`` (exact comparison of a candidate pair) and ``groups`` (the whole stage).
"""
