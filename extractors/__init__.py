"""Text extraction, sectioning, de-duplication, tagging and linking.

This package imports neither Prefect nor the CLI: every stage is a plain function over the
typed models in :mod:`extractors.models`.
"""
