"""The small HTTP app beside Streamlit (osloreg.web), spoken to over real HTTP."""
