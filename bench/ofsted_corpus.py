"""How many of the corpus's expected Ofsted card values the reader gets right, and how
long the reading takes.

    python bench/ofsted_corpus.py            # one line per document, then the totals

The expected values are tests/data/ofsted_corpus_expected.toml (typed in from reading
each PDF of ../shared/corpus/ofsted/); the documents are read and compared as
tests/corpus/test_ofsted_corpus.py reads and compares them.
"""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))


def corpus_test():  # type: ignore[no-untyped-def]
    """The corpus test module (tests/ is not a package)."""
    spec = importlib.util.spec_from_file_location(
        "test_ofsted_corpus", ROOT / "tests" / "corpus" / "test_ofsted_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    from boardpack.sources import letter
    from boardpack.sources.letter import ofsted

    test = corpus_test()
    if not test.FOLDER.is_dir():
        sys.exit("../shared/corpus/ofsted is not present beside the project")
    right = total = 0
    texts = []
    for name, expected in test.EXPECTED.items():
        results = test.checks(expected, test.read(name))
        good = sum(1 for _, wrong in results if not wrong)
        right, total = right + good, total + len(results)
        wrong = "; ".join(label for label, problem in results if problem)
        print(f"{name:34} {good:3}/{len(results):3}  {wrong[:120]}")
        texts.append(letter.plain_text(test.converted(name).blocks))
    print(f"expected values right: {right} of {total} ({100 * right / total:.1f} %)")
    start = time.process_time()
    for text in texts:
        ofsted.parse(text)
    spent = time.process_time() - start
    size = sum(map(len, texts))
    print(f"reading {len(texts)} documents ({size / 1e6:.1f} MB of text): {spent * 1000:.0f} ms "
          f"CPU, {spent * 1000 / len(texts):.1f} ms each")
    other = ("Corporate parenting board\n\nThe inspection of our fostering service is due; "
             "monitoring of visits continues.\n") * 4000
    start = time.process_time()
    for _ in range(10):
        ofsted.parse(other)
    spent = (time.process_time() - start) / 10
    print(f"a {len(other) / 1e3:.0f} KB report that is no letter: {spent * 1000:.2f} ms CPU")


if __name__ == "__main__":
    main()
