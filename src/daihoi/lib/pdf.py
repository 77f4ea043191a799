"""Vietnamese text in fpdf2 documents: the DejaVu fonts that matplotlib ships.

No font file is kept in the repository; DejaVu covers every Vietnamese letter and tone.
Ballots, counting minutes and reports all register the same family, "DejaVu"; documents in the
party's form (the counting minutes, the entry log) use the serif face, "DejaVuSerif", closer to
the Times of an administrative document.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

FAMILY = "DejaVu"
SERIF = "DejaVuSerif"
_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
_SERIF_FILES = {"": "DejaVuSerif.ttf", "B": "DejaVuSerif-Bold.ttf",
                "I": "DejaVuSerif-Italic.ttf"}


def font_path(style: str = "", *, serif: bool = False) -> Path:
    """The DejaVu file of ``style`` ("", "B" or "I") shipped with matplotlib."""
    import matplotlib

    files = _SERIF_FILES if serif else _FILES
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / files[style]


def add_vietnamese_fonts(pdf: FPDF, *, italic: bool = False, serif: bool = False) -> None:
    """Register the DejaVu family (regular and bold, and italic on request) on ``pdf``; with
    ``serif``, the "DejaVuSerif" family as well."""
    styles = ("", "B", "I") if italic else ("", "B")
    for style in styles:
        pdf.add_font(FAMILY, style, str(font_path(style)))
    if serif:
        for style in styles:
            pdf.add_font(SERIF, style, str(font_path(style, serif=True)))
