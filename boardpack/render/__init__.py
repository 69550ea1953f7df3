"""One Pandoc document to bytes: PDF (Pandoc's Typst writer and the typst wheel), HTML
(Pandoc and nh3) and Word, each agenda item written once and cached (``fragments``).
Renderers know no input kind and no pack."""
