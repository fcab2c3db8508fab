"""The lesson in the app: a panel over the main screen (or a line on small
terminals), its keys, the list of lessons, and playing a lesson by itself.

- `view`: what the panel says, as Rich text from plain values (unit-tested);
- `panel`: the widget that shows it;
- `desk`: the controller the app holds: the open lesson, its step, whether
  the goal is met (from the snapshots the main screen draws), the keys;
- `picker`: the list of lessons (the command palette's "Lessons");
- `play`: `spiral-tui lesson NAME --play`, on the tour's screen.

Everything without a screen is tui_playground/lessons/.
"""
