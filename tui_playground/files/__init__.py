"""Files the app and the CLI write and read: exports (atomic writes), sessions and their format checks."""
