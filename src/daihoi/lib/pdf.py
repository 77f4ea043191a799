"""Vietnamese text in fpdf2 documents: the DejaVu fonts that matplotlib ships.

No font file is kept in the repository; DejaVu covers every Vietnamese letter and tone.
Ballots, counting minutes and reports all register the same family, "DejaVu".
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

FAMILY = "DejaVu"
_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}


def font_path(style: str = "") -> Path:
    """The DejaVu file of ``style`` ("", "B" or "I") shipped with matplotlib."""
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / _FILES[style]


def add_vietnamese_fonts(pdf: FPDF, *, italic: bool = False) -> None:
    """Register the DejaVu family (regular and bold, and italic on request) on ``pdf``."""
    for style in ("", "B", "I") if italic else ("", "B"):
        pdf.add_font(FAMILY, style, str(font_path(style)))
