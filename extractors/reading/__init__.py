"""Reading: a Source (file + metadata) becomes a Document of sections in reading order.

Modules: ``sources`` (sources.toml), ``fetch`` (remote editions), ``detect`` (format from bytes),
``normalise`` (one text normalisation), ``pdf``/``layout`` (pdfplumber words to ordered lines),
``html``, ``text``, ``headings``/``sections`` (splitting on headings) and ``extract``
(``extract`` for one source, ``extract_all`` for many, each failure one line).
"""
