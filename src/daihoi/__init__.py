"""daihoi: plan, monitor and run party congresses; count their ballots by the rules.

Importing this package must stay free of Django so that the pure parts
(``daihoi.election``, ``daihoi.ballots``, ``daihoi.lib``) work without it.
"""

__version__ = "0.1.0"
