"""Congress day: roster and attendance, working bodies and agenda, elections counted by double
keyed entry, the counting minutes, and the report to the superior.

Other apps use ``daihoi.congress.models`` (``CongressDay``, ``Election``, ...) and the actions in
``daihoi.congress.actions`` (``do_*``). Counting is done by the engine (``daihoi.election``).
"""
