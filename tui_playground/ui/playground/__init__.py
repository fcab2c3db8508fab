"""The main screen (PlaygroundScreen) and its parts: the key table, the slice
plan, the layout arithmetic, the output column, and the pure `Config -> Config`
edits that its keys make (testable without a terminal)."""
