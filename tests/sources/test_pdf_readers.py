"""Kept PDF workers (``sources.pdf.worker.KeptReaders``): one worker reads many files
under the same limits, with the same answers as a worker of their own; a file that
runs out of time or breaks its worker costs only its own reading."""

from __future__ import annotations

import pytest
from helpers.pdf import pages_pdf

from boardpack.sources.pdf import worker
from boardpack.sources.pdf.types import PdfProblem

FILES = [pages_pdf(f"Report {n} first page KEPTREADER{n}.", "Second page.") for n in range(4)]


def test_one_worker_reads_every_file_as_a_worker_of_its_own_would() -> None:
    with worker.KeptReaders() as readers:
        for data in FILES:
            kept = readers.inspect(data, max_pages=10, image_pages=1)
            alone = worker.inspect_bounded(data, max_pages=10, image_pages=1)
            assert kept.to_json() == alone.to_json()
        assert readers.started == 1
    assert "KEPTREADER3" in kept.pages[0].text  # typed in: the last file's first page


def test_a_damaged_file_is_a_problem_and_the_worker_goes_on() -> None:
    with worker.KeptReaders() as readers:
        with pytest.raises(PdfProblem, match=r"damaged|not a PDF|cannot be read"):
            readers.inspect(b"%PDF-1.7 this is not a PDF at all", max_pages=10)
        assert "KEPTREADER0" in readers.inspect(FILES[0], max_pages=10).pages[0].text
        assert readers.started == 1


def test_a_slow_read_is_stopped_and_the_next_file_gets_a_new_worker() -> None:
    with worker.KeptReaders() as readers:
        with pytest.raises(PdfProblem, match=r"took more than 0\.001 s"):
            readers.inspect(FILES[0], max_pages=10, seconds=0.001)
        assert "KEPTREADER1" in readers.inspect(FILES[1], max_pages=10).pages[0].text
        assert readers.started == 2


def test_a_worker_that_fails_says_what_a_worker_of_its_own_says_and_is_dropped() -> None:
    with pytest.raises(PdfProblem) as alone:
        worker.inspect_bounded(FILES[0], max_pages=10, memory_mb=24)  # too little to start
    with worker.KeptReaders(memory_mb=24) as readers:
        with pytest.raises(PdfProblem) as kept:
            readers.inspect(FILES[0], max_pages=10)
        assert not readers._idle  # a failed worker is never used again
    assert kept.value.message == alone.value.message
    assert "cannot be read" in kept.value.message


def test_files_read_at_once_each_get_a_worker_and_the_right_answer() -> None:
    from concurrent.futures import ThreadPoolExecutor

    with worker.KeptReaders() as readers, ThreadPoolExecutor(max_workers=3) as pool:
        found = list(pool.map(lambda data: readers.inspect(data, max_pages=10), FILES * 3))
        assert len(readers._idle) == readers.started <= 3  # each kept, none left busy
    for index, inspection in enumerate(found):
        assert f"KEPTREADER{index % 4}" in inspection.pages[0].text
