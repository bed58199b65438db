"""Site-wide search: the index table kept in step with every write, and the text of documents."""
