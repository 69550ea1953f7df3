"""Per-item documents cut from the demo pack's issued public edition (issue 19, point 2).

Expected pages and headings are typed in from reading the demo pack's public PDF
(pdftotext): front sheet and agenda on pages 1–2 (items 1–4 run on page 2), item 5 on
pages 3–6 (its report and Ofsted's two-page letter), item 6 on 7–8, item 7 on 9–10,
items 8, 9 and the notice of Part B item 10 on page 11, of 11 pages.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import pikepdf
import pypdf
import pytest
from helpers import DEMO, pdf_outline, pdf_pages, pdf_text
from helpers.tagged import tree

from boardpack.problems import BoardpackError
from boardpack.publish.issue import publish
from boardpack.site.documents import Documents, ItemDocument, RestrictedItem, cut_documents

WHEN = dt.datetime(2027, 1, 11, 15, 30, tzinfo=dt.UTC)
TITLE = "Corporate Parenting Board — 20 January 2027"
ITEMS = [  # number, title, first page, last page, the first page's opening words
    ("5", "Ofsted Monitoring Visit: feedback", 3, 6,
     "5. Ofsted Monitoring Visit: feedback\nPresented by: Head of Corporate Parenting"),
    ("6", "Children's Services Improvement Programme: update", 7, 8,
     "6. Children's Services Improvement Programme: update\nPresented by: Executive Director"),
    ("7", "Social work workforce: performance indicators", 9, 10,
     "7. Social work workforce: performance indicators\nPresented by: Principal Social Worker"),
]
PART_B_WORDS = ["Three bids were received", "Bidder A", "Tender evaluation"]


@pytest.fixture(scope="module")
def issued(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The public folder of the first issue of a copy of the demo pack."""
    root = tmp_path_factory.mktemp("documents") / DEMO.name
    shutil.copytree(DEMO, root, ignore=shutil.ignore_patterns("build", ".history", "issued"))
    result = publish(root, now=WHEN)
    assert result.ok, [str(p) for p in result.problems]
    assert result.folder is not None
    return result.folder


@pytest.fixture(scope="module")
def cut(issued: Path, tmp_path_factory: pytest.TempPathFactory) -> Documents:
    return cut_documents(issued / "public" / "public.pdf", tmp_path_factory.mktemp("cut"),
                         prefix="2027-01-20-")


def footers(path: Path) -> list[str]:
    return [page.strip().splitlines()[-1] for page in pdf_pages(path)]


def test_the_front_sheet_and_each_paper_are_cut_and_part_b_is_only_listed(cut: Documents
                                                                          ) -> None:
    folder = cut.front_sheet.path.parent
    assert cut.front_sheet == ItemDocument("", "Agenda front sheet",
                                           folder / "2027-01-20-agenda-frontsheet.pdf", 1, 2)
    assert cut.items == [ItemDocument(n, t, folder / f"2027-01-20-item-{n}.pdf", a, b)
                         for n, t, a, b, _ in ITEMS]
    assert cut.restricted == [RestrictedItem("10", "Residential placements: contract award")]
    assert sorted(p.name for p in folder.iterdir()) == [
        "2027-01-20-agenda-frontsheet.pdf", "2027-01-20-item-5.pdf", "2027-01-20-item-6.pdf",
        "2027-01-20-item-7.pdf"]


@pytest.mark.parametrize("number, title, first, last, opening", ITEMS)
def test_an_items_document_is_its_pages_of_the_pack(cut: Documents, issued: Path, number: str,
                                                    title: str, first: int, last: int,
                                                    opening: str) -> None:
    document = next(d for d in cut.items if d.number == number)
    pages = pdf_pages(document.path)
    assert pages[0].startswith(opening)
    assert len(pages) == last - first + 1
    assert footers(document.path) == [f"Corporate Parenting Board · 20 January 2027 Page {n} "
                                      f"of 11" for n in range(first, last + 1)]
    assert pages == pdf_pages(issued / "public" / "public.pdf")[first - 1:last]
    reader = pypdf.PdfReader(document.path)
    assert reader.page_labels == [str(n) for n in range(first, last + 1)]
    assert reader.metadata is not None and reader.metadata.title == f"{number}. {title} — {TITLE}"
    assert pdf_outline(document.path) == [(f"{number}. {title}", 1, 0)]


def test_the_front_sheet_holds_the_agenda_and_the_items_on_its_pages(cut: Documents) -> None:
    path = cut.front_sheet.path
    pages = pdf_pages(path)
    assert pages[0].startswith("Middlehaven Borough Council\nCorporate Parenting Board\nDate "
                               "Wednesday, 20 January 2027")
    assert "Agenda\nNo. Item Page" in pages[0]
    assert pages[1].startswith("1. Apologies for absence")
    assert "4. Voice of the child" in pages[1] and "5. Ofsted" not in pages[1]
    assert footers(path)[1] == "Corporate Parenting Board · 20 January 2027 Page 2 of 11"
    assert pdf_outline(path) == [("1. Apologies for absence", 2, 0),
                                 ("2. Declarations of interest", 2, 0),
                                 ("3. Minutes of the previous meeting", 2, 0),
                                 ("4. Voice of the child", 2, 0)]
    assert pypdf.PdfReader(path).metadata.title == f"Agenda front sheet — {TITLE}"


def test_each_document_keeps_its_tags_and_holds_only_its_own_pages(cut: Documents) -> None:
    pdfua = pytest.importorskip("pdfua", reason="pdfua is not installed (pip install pdfua)")
    for document in [cut.front_sheet, *cut.items]:
        with pikepdf.open(document.path) as pdf:
            assert "/StructTreeRoot" in pdf.Root and pdf.Root.MarkInfo.Marked
            assert str(pdf.Root.Lang) == "en-GB"
            assert pdf.Root.ViewerPreferences.DisplayDocTitle
            count = document.last_page - document.first_page + 1
            page_objects = [o for o in pdf.objects
                            if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/Page"]
            assert len(pdf.pages) == count and len(page_objects) == count
            mine = {p.objgen for p in pdf.pages}
            for page in pdf.pages:  # every link left inside the document points into it
                for annot in page.obj.get("/Annots", []):
                    if "/Dest" in annot:
                        assert annot.Dest[0].objgen in mine
            assert pdf.check_pdf_syntax() == []
        headings = tree(document.path).find("/H1")
        assert headings, document.path.name
        report = pdfua.validate(str(document.path))  # what the public PDF passes, they pass
        assert [f.rule_id for f in report.findings if f.severity.name == "ERROR"] == []
    item5 = tree(cut.items[0].path)
    assert [e.role for e in item5.walk()[:3]] == ["/StructTreeRoot", "/Document", "/H1"]
    assert len(item5.find("/Figure")) == 2  # the letter's two pages, with their words
    assert all(f.alt and "ofsted-monitoring-visit-letter.pdf" in f.alt
               for f in item5.find("/Figure"))


def test_no_part_b_content_and_no_document_for_it(cut: Documents, issued: Path) -> None:
    members = pdf_text(issued / "members" / "members.pdf")
    assert all(word in members for word in PART_B_WORDS)  # control: the words are real
    for document in [cut.front_sheet, *cut.items]:
        text = pdf_text(document.path)
        assert not any(word in text for word in PART_B_WORDS), document.path.name
        assert "Residential placements" not in "".join(t for t, _, _ in
                                                       pdf_outline(document.path))
    assert not any(d.number == "10" for d in cut.items)


def test_the_same_edition_cuts_to_the_same_bytes(cut: Documents, issued: Path,
                                                 tmp_path: Path) -> None:
    again = cut_documents(issued / "public" / "public.pdf", tmp_path, prefix="2027-01-20-")
    for first, second in zip([cut.front_sheet, *cut.items], [again.front_sheet, *again.items],
                             strict=True):
        assert first.path.read_bytes() == second.path.read_bytes()


def test_an_encrypted_or_broken_pdf_is_one_clear_error(issued: Path, tmp_path: Path) -> None:
    public = issued / "public" / "public.pdf"
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(public))
    writer.encrypt(user_password="secret", owner_password=None, algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    cases = {"encrypted": out.getvalue(), "broken": public.read_bytes()[:2000]}
    for name, data in cases.items():
        folder = tmp_path / name
        folder.mkdir()
        (folder / "public.pdf").write_bytes(data)
        shutil.copy(issued / "public" / "public.html", folder / "public.html")
        with pytest.raises(BoardpackError) as raised:
            cut_documents(folder / "public.pdf", tmp_path / f"{name}-out")
        message = str(raised.value)
        assert len(message.splitlines()) == 1 and "public.pdf" in message
        assert ("encrypted" if name == "encrypted" else "not a readable PDF") in message
        assert not (tmp_path / f"{name}-out").exists()


def test_without_its_html_edition_the_pdf_is_not_cut(issued: Path, tmp_path: Path) -> None:
    shutil.copy(issued / "public" / "public.pdf", tmp_path / "public.pdf")
    with pytest.raises(BoardpackError, match="cannot read the public HTML edition"):
        cut_documents(tmp_path / "public.pdf", tmp_path / "out")


def test_a_supplement_is_cut_the_same_way(issued: Path, tmp_path: Path) -> None:
    """Item 7's report changed after issue 1: supplement 1 has its front sheet (page 1),
    the "What changed" page (2) and item 7 (pages 3–4 of 4)."""
    root = tmp_path / DEMO.name
    shutil.copytree(issued.parent.parent, root)
    with (root / "reports" / "workforce-kpis.md").open("a") as report:
        report.write("\nCaseload figures for January will be reported orally.\n")
    result = publish(root, supplement=True, now=WHEN + dt.timedelta(days=3))
    assert result.ok and result.folder is not None, [str(p) for p in result.problems]
    pdf = result.folder / "public" / "supplement-1-public.pdf"
    cut = cut_documents(pdf, tmp_path / "out", prefix="s1-")
    assert (cut.front_sheet.first_page, cut.front_sheet.last_page) == (1, 2)
    assert pdf_outline(cut.front_sheet.path) == [("What changed", 2, 0)]
    assert pdf_pages(cut.front_sheet.path)[1].startswith("What changed\nChanges since issue 1")
    [item] = cut.items
    assert (item.number, item.first_page, item.last_page) == ("7", 3, 4)
    assert item.path == tmp_path / "out" / "s1-item-7.pdf"
    assert pdf_pages(item.path)[0].startswith(ITEMS[2][4])
    assert "reported orally" in pdf_text(item.path)
    assert footers(item.path) == [f"Corporate Parenting Board · 20 January 2027 Page {n} of 4"
                                  for n in (3, 4)]
    assert cut.restricted == []


def test_the_members_edition_is_never_cut(issued: Path, tmp_path: Path) -> None:
    members = issued / "members" / "members.pdf"
    assert "Bidder A" in pdf_text(members)  # readable: issued without a password
    with pytest.raises(BoardpackError, match=r"members\.html is not a public edition"):
        cut_documents(members, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_pdf_and_html_of_different_editions_are_not_cut(issued: Path, tmp_path: Path
                                                          ) -> None:
    other = tmp_path / "other.html"
    other.write_text('<html><body class="edition-public"><h1 class="item new-page">'
                     "5. Ofsted Monitoring Visit: feedback</h1></body></html>")
    with pytest.raises(BoardpackError) as raised:
        cut_documents(issued / "public" / "public.pdf", tmp_path / "out", html=other)
    assert "do not describe the same edition: item 1 has a bookmark but no heading" in str(
        raised.value)
    assert len(str(raised.value).splitlines()) == 1
    assert not (tmp_path / "out").exists()
