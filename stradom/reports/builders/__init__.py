"""The report builders; importing this package registers every kind of report.

Each module builds one kind from the query and assessment functions and calls
:func:`stradom.reports.kinds.register` at import.
"""

from stradom.reports.builders import domain, indicator, monitoring, municipality  # noqa: F401
