"""Crime statistics: peewee models, importers and cleaning, DataCrim download, queries, chart figures. Qt-free.

Flow: :mod:`sources` reads a file into plain records (refusing HTML pages, truncated bodies, missing
columns); :mod:`importers` runs one transaction per import (idempotent by sha256, logged in
``import_log``); :mod:`loaders` (press robberies, geography) and :mod:`counts` (SIDPOL, DataCrim) apply
the :mod:`cleaning` rules, count each repair and put every row that cannot load in ``rejected_row``
with its reason; :mod:`counts` also rebuilds the summary tables that :mod:`queries` reads;
:mod:`charts` draws matplotlib figures from :class:`queries.CrimeReport`; :mod:`service` is what the CLI
and the app call (open or build the default database, update from DataCrim).
"""
