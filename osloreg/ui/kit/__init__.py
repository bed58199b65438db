"""The UI kit: one home for each idiom the areas share (forms, tables, links, pickers...); no domain word."""
