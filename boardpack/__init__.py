"""boardpack: a council committee's board pack, built from a folder, as PDF and HTML.

The package reads top to bottom as the pipeline: the kernel (``model``, ``problems``,
``files``, ``layout``, ``textfmt``, ``cache``, ``templates``), ``pandoc/``, ``sources/``
(one subpackage per input kind), ``pack/`` (the pack folder), ``meeting/`` (the
record), ``render/``, ``pipeline/``, ``publish/``, and the two faces, ``cli/`` and
``tui/``. Each imports only from below it (``pyproject.toml`` [tool.importlinter]).
"""
