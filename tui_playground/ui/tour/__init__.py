"""The guided tour: its app, screen, summary and timing."""
