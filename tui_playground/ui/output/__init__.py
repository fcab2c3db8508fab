"""The terminal output pipeline: recording, screen diffs, SGR parsing, asciinema casts."""
