"""The main screen and its helpers: file actions, point editing, the worker's messages."""
