"""Word files written as Word writes them, part by part, for tests of what Pandoc's
reader misses (list numbering, text boxes, simple fields, alternative-format chunks,
cell shading, page headers and footers). ``docx(body, …)`` zips the parts.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" mc:Ignorable="w14"')
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MAIN_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
HEADING_STYLE = ('<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/>'
                 '<w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>')


def p(text: str = "", *, num: tuple[int, int] | None = None, style: str = "",
      bold: bool = False, extra: str = "") -> str:
    """A paragraph of one run (``num``: (numId, ilvl) of its list)."""
    props = ""
    if style:
        props += f'<w:pStyle w:val="{style}"/>'
    if num:
        props += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    run = run_xml(text, bold) if text else ""
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{run}{extra}</w:p>"


def run_xml(text: str, bold: bool = False) -> str:
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def level(ilvl: int, text: str, fmt: str = "decimal", start: int = 1, extra: str = "") -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'{extra}<w:lvlText w:val="{escape(text)}"/><w:lvlJc w:val="left"/></w:lvl>')


def numbering(abstracts: dict[int, str], nums: dict[int, int | tuple[int, str]]) -> str:
    """numbering.xml: abstract lists (id -> levels) and instances (numId -> abstract id,
    or (abstract id, overrides))."""
    parts = [f'<w:abstractNum w:abstractNumId="{a}"><w:multiLevelType w:val="multilevel"/>'
             f"{levels}</w:abstractNum>" for a, levels in abstracts.items()]
    for num, spec in nums.items():
        abstract, overrides = spec if isinstance(spec, tuple) else (spec, "")
        parts.append(f'<w:num w:numId="{num}"><w:abstractNumId w:val="{abstract}"/>'
                     f"{overrides}</w:num>")
    return f"<w:numbering {NAMESPACES}>{''.join(parts)}</w:numbering>"


def cell(text: str, fill: str = "", extra: str = "") -> str:
    shading = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
    return f"<w:tc><w:tcPr>{shading}{extra}</w:tcPr>{p(text)}</w:tc>"


def table(*rows: list[str]) -> str:
    return "<w:tbl><w:tblPr/>" + "".join(f"<w:tr>{''.join(r)}</w:tr>" for r in rows) + \
        "</w:tbl>"


def txbx(*lines: str) -> str:
    return "<w:txbxContent>" + "".join(p(line) for line in lines) + "</w:txbxContent>"


def vml_box(*lines: str) -> str:
    """A text box as older Word writes it: VML only."""
    return (f'<w:r><w:pict><v:shape id="b" type="#_x0000_t202" style="position:absolute;'
            f'width:180pt;height:90pt"><v:textbox>{txbx(*lines)}</v:textbox></v:shape>'
            "</w:pict></w:r>")


def drawing_box(*lines: str) -> str:
    """A text box as DrawingML only (wps), anchored."""
    return ('<w:r><w:drawing><wp:anchor><wp:extent cx="2000000" cy="900000"/>'
            '<wp:docPr id="7" name="Text Box 7"/><a:graphic><a:graphicData uri="http://'
            'schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>'
            f'<wps:cNvSpPr txBox="1"/><wps:txbx>{txbx(*lines)}</wps:txbx><wps:bodyPr/>'
            "</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>")


def alternate_box(*lines: str) -> str:
    """A text box as Word 2010 and later write it: DrawingML, with a VML copy."""
    drawing = drawing_box(*lines)[5:-6]  # without the run around it
    vml = vml_box(*lines)[5:-6]
    return (f'<w:r><mc:AlternateContent><mc:Choice Requires="wps">{drawing}</mc:Choice>'
            f"<mc:Fallback>{vml}</mc:Fallback></mc:AlternateContent></w:r>")


def section(*references: str, title_page: bool = False) -> str:
    return "<w:sectPr>" + "".join(references) + ("<w:titlePg/>" if title_page else "") + \
        "</w:sectPr>"


def docx(body: str, *, numbering_xml: str = "", styles: str = "", parts: dict[str, bytes |
         str] | None = None, rels: list[tuple[str, str, str]] | None = None,
         types: dict[str, str] | None = None) -> bytes:
    """A .docx: the body's XML, numbering and styles, other parts with the main
    document's relationships to them ((id, type's last word, target)), and content
    types by part name (``types``) for parts whose ending does not say."""
    rels = list(rels or [])
    files: dict[str, bytes | str] = dict(parts or {})
    overrides = {"/word/document.xml": MAIN_TYPE, **(types or {})}
    if numbering_xml:
        files["word/numbering.xml"] = numbering_xml
        rels.append(("rIdNumbering", "numbering", "numbering.xml"))
    files["word/styles.xml"] = f"<w:styles {NAMESPACES}>{styles}</w:styles>"
    rels.append(("rIdStyles", "styles", "styles.xml"))
    files["word/document.xml"] = f"<w:document {NAMESPACES}><w:body>{body}</w:body></w:document>"
    files["word/_rels/document.xml.rels"] = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(f'<Relationship Id="{i}" Type="{REL}/{kind}" Target="{target}"/>'
                  for i, kind, target in rels) + "</Relationships>")
    files["_rels/.rels"] = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/>'
        "</Relationships>")
    files["[Content_Types].xml"] = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="png" ContentType="image/png"/>'
        + "".join(f'<Override PartName="{name}" ContentType="{kind}"/>'
                  for name, kind in overrides.items()) + "</Types>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def header_part(*paragraphs: str, kind: str = "hdr") -> str:
    return f"<w:{kind} {NAMESPACES}>{''.join(paragraphs)}</w:{kind}>"
