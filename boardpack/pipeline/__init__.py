"""The steps run end to end: convert the files, assemble each edition, render, check.

``build`` (with its render loop, also used by ``publish`` and the draft ``minutes``),
``check`` and ``autobuild`` are the entry points; ``progress`` is what they report.
"""
