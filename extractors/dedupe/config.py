"""Every de-duplication knob in one place, with the defaults the README justifies by measurement."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from extractors.dedupe.index import IndexParams
from extractors.dedupe.verify import Thresholds


class DedupeConfig(BaseModel):
    """Every de-duplication knob, with the defaults the README justifies by measurement.

    - ``lsh_threshold`` 0.5: LSH only proposes candidates; exact verification decides. At 0.8 the
      Safer Seven pair (true Jaccard 0.99 here) would be found reliably too, but re-edited copies
      near the revision threshold would not.
    - ``duplicate_threshold`` 0.80 (Jaccard of within-sentence word 5-shingles) and no section
      added, removed or rewritten.
    - ``revision_threshold`` 0.45: below it two documents are different documents (unrelated
      seeds measure <= 0.02).
    - ``containment_threshold`` 0.85: share of the smaller document found in the larger.
    - ``section_change`` 0.5: a section is rewritten when over half its shingles are new.
    - ``section_coverage`` 0.5: at least half the smaller document's sections must be shared.
    - ``min_section_words`` 15: shorter sections (a title block) are never reported as changes.
    - ``min_sentence_words`` 4: shorter sentences are not used to find candidate pairs.

    :class:`~extractors.dedupe.index.IndexParams` and :class:`~extractors.dedupe.verify.Thresholds`
    are derived from it and carry no defaults of their own. ``pipeline.settings.Settings.dedupe``
    holds one (``SKG_DEDUPE__DUPLICATE_THRESHOLD`` …).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    shingle_size: int = 5
    num_perm: int = 128
    lsh_threshold: float = 0.5
    duplicate_threshold: float = 0.80
    revision_threshold: float = 0.45
    containment_threshold: float = 0.85
    section_change: float = 0.5
    section_coverage: float = 0.5
    min_section_words: int = 15
    max_postings: int = 64
    min_sentence_words: int = 4

    def index_params(self) -> IndexParams:
        return IndexParams(self.shingle_size, self.num_perm, self.lsh_threshold, self.min_sentence_words)

    def thresholds(self) -> Thresholds:
        return Thresholds(self.duplicate_threshold, self.revision_threshold,
                          self.containment_threshold, self.section_change, self.section_coverage,
                          self.min_section_words)
