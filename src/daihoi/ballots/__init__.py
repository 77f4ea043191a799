"""Paper ballots: printing them and reading scans or photos of them. No Django here.

Numpy arrays in, a reading out. The public API, for the CLI and the web app:

- ``render_ballots_pdf(election_doc, *, paper="A4", copies=1, convener="", title=None) -> bytes``:
  the PDF of identical ballots in the official form.
- ``layout_for(election_doc, paper="A4") -> dict``: the layout (``daihoi-ballot-layout/1``),
  PDF points, top-left origin.
- ``election_code(election_doc) -> str``: the 12-hex-digit code printed on the ballots.
- ``read_image(image, election_doc, layout=None) -> dict``: one ballot's reading
  (``status`` ``read``/``review``/``rejected``, ``kept`` or ``marks`` or ``defect``,
  ``reasons``, ``scores``) from a BGR or grey ``numpy`` image.
- ``close_up(image, election_doc, candidate, layout=None) -> image | None``: one candidate's
  row of a ballot, aligned, for the person deciding a ballot under review.
- ``read_files(paths, election_doc, jobs=None, progress=None) -> dict``: the scan document
  (``daihoi-scan/1``) for image files and PDF pages, read on ``jobs`` processes.
- ``reading_to_ballots(reading) -> list[dict]``: election-format ballots from the ``read`` and
  person-decided ``review`` entries; raises :class:`UndecidedBallots` listing the others.

Bad outside input raises :class:`BallotInputError` with one line per problem.
"""

from daihoi.ballots.document import BallotInputError, election_code
from daihoi.ballots.layout import layout_for
from daihoi.ballots.read import close_up, read_image
from daihoi.ballots.render import render_ballots_pdf
from daihoi.ballots.scan import UndecidedBallots, read_files, reading_to_ballots

__all__ = [
    "BallotInputError",
    "UndecidedBallots",
    "close_up",
    "election_code",
    "layout_for",
    "read_files",
    "read_image",
    "reading_to_ballots",
    "render_ballots_pdf",
]
