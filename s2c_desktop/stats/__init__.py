"""Crime statistics: peewee models, importers, cleaning, queries, chart figures. Qt-free."""
