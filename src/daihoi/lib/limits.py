"""Limits on what a user may send, checked before any work is done on it (docs/security.md).

Pure numbers and checks: no Django. Each limit is far above what a real congress needs and far
below what would hold a request for long or take the server's memory.
"""

from __future__ import annotations

# Member files (XLSX, CSV).
IMPORT_MAX_BYTES = 10 * 2**20            # the file as uploaded
XLSX_MAX_UNPACKED_BYTES = 60 * 2**20     # all parts of the zip, as declared in its directory
XLSX_MAX_PART_BYTES = 40 * 2**20         # one part (a sheet, the shared strings)
XLSX_MAX_PARTS = 200
CELL_MAX_CHARS = 131_072                 # one cell; the csv module's own field limit

# JSON documents (API, CLI, web election import).
JSON_MAX_BYTES = 20 * 2**20
JSON_MAX_DEPTH = 64                      # an election document is 5 levels deep
JSON_MAX_NUMBER_DIGITS = 30              # counts fit in 10; 30 leaves room for any float

# Images (scans): read from the header, refused before decoding.
IMAGE_MAX_PIXELS = 40_000_000            # A4 at 600 dpi is 35 M pixels (4961 × 7016)
IMAGE_MAX_SIDE = 12_000
