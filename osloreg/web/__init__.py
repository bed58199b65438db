"""The small HTTP app beside Streamlit (issue 18): calendar feeds and the pages behind mail links."""
