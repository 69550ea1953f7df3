"""Build the demonstration pack's Ofsted monitoring visit letter (a PDF) from its
Typst source; run it again after editing ``ofsted-monitoring-visit-letter.typ``."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import fontpkg_lato
import typst

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "ofsted-monitoring-visit-letter.typ"
TARGET = (HERE.parents[2] / "packs" / "corporate-parenting-board-2027-01-20" / "reports"
          / "ofsted-monitoring-visit-letter.pdf")
# A fixed time stamp, so the same source always makes the same bytes.
STAMP = dt.datetime(2027, 1, 14, 9, 0, tzinfo=dt.UTC)


def build() -> bytes:
    """The letter's PDF bytes."""
    compiler = typst.Compiler(root=str(HERE), font_paths=[str(fontpkg_lato.ROOT / "files")],
                              ignore_system_fonts=True)
    data = compiler.compile(input=str(SOURCE), format="pdf", timestamp=STAMP)
    assert isinstance(data, bytes)
    return data


if __name__ == "__main__":
    TARGET.write_bytes(build())
    sys.stdout.write(f"wrote {TARGET}\n")
