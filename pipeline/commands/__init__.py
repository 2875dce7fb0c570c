"""One module per ``skg`` command group; each registers itself on ``pipeline.app.app``."""
