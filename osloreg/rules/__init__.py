"""Pure rules: no database, no Streamlit; called by services, queries and pages alike."""
