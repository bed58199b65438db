"""The UI kit: idioms every area uses (session, tables, forms, links, history); it knows no domain word."""
