"""The main screen (PlaygroundScreen) and its parts: the key table, the slice
plan, the layout arithmetic, the output panel, the pure `Config -> Config`
edits its keys make (testable without a terminal), the file and point
controllers and the worker's messages."""
