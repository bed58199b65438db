"""Osloregionen dashboard: models, rules, queries and services behind the Streamlit pages."""
