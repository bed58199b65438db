"""The search page: one box over every kind of record, results labelled by kind with a deep link."""
