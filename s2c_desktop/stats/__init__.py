"""Crime statistics: peewee models, importers and cleaning, DataCrim download, queries, chart figures.
Qt-free.

Layers, top to bottom (an import-linter contract keeps them): :mod:`service` (what the CLI and the app
call) and :mod:`charts`; :mod:`importers` (one transaction per import, a table of (detect, parse, load)
per source kind) and :mod:`queries`; :mod:`counts` (SIDPOL, DataCrim) and :mod:`loaders` (press
robberies, geography), which apply the :mod:`cleaning` rules and put every row that cannot load in
``rejected_row``; :mod:`jobs` (the import vocabulary) and :mod:`db` (opening, schema version);
:mod:`migrations` (frozen); :mod:`summaries` (the tables :mod:`queries` reads); :mod:`sources`,
:mod:`geography`, :mod:`download` (files in, records out); :mod:`models`; :mod:`cleaning`.
"""
