"""Tagging and linking: a Document becomes a TaggedDocument (mentions, links, new entities).

Modules: ``tagger`` (the spaCy pipeline and the stage), ``mentions`` (per-section analysis),
``rules`` (regex rules for citations and contacts), ``linker`` (harm→offence and harm→route links
with evidence) and ``evaluate`` (precision/recall/F1 against gold).
"""
