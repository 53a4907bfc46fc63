"""The statistics tab: charts, query tables, findings, import/update in a worker thread."""
