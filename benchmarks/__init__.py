"""The performance harness behind `make bench`: cached 1x/100x databases, AppTest timings, budgets."""
