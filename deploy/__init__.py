"""Running the app past one process: several Streamlit processes behind nginx with sticky sessions."""
