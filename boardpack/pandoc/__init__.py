"""Talking to Pandoc: running it (``run``), building and walking its AST (``ast``), and
the one escaper for the raw Typst boardpack writes itself (``raw``)."""
