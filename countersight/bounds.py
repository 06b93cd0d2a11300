"""The bounds of every integer a user gives as a count or a position: a ``--limit``, a page,
an offset, a place in the review queue. The CLI's options and the web's query parameters
(``web.params.bounded``) take them from here.

Far beyond any archive, and small enough that offset + limit (or page x page size, or an
offset + the ``count_limit`` setting) stays a 64-bit integer for the database: beyond 2**63
the driver raises OverflowError, which was a traceback at the CLI and a 500 on the web.
"""

from __future__ import annotations

MAX_ROWS = 10**15  # a limit, an offset, a position in a list
MAX_PAGE = 10**9  # a page number (times a page size of at most 1000: still within MAX_ROWS)
