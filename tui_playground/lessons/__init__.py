"""Lessons: exercises over the playground, with goals checked as you train.

The Textual-free half of the feature (the app's panel is ui/lessons/):

- `lesson_file`: the TOML format, read with tomllib and checked whole
  (one-line `LessonError`s), and where built-in lessons are found;
- `goals`: goal and limit expressions (`name op number` joined by `and`),
  parsed by hand, never evaluated as Python;
- `measures`: the values goals are checked against, from a training snapshot;
- `check`: trains each step's answer headless and says when its goal was met;
- `progress`: which steps a user has done, in the XDG state folder;
- `builtin/*.toml`: the lessons that ship with spiral-tui.

docs/lessons.md describes the format for lesson writers.
"""
