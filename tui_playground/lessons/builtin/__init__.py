"""The built-in lessons (package data, one TOML file each); ORDER is the
order `spiral-tui lesson` lists them in, a course's order. Each is checked
by tests/lessons/test_builtin_lessons.py with `lesson --check`."""

ORDER = ("first-network", "video", "initialization", "learning-rate", "features-vs-depth",
         "regularization", "beyond")
