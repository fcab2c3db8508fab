"""What keeps the app running: the training worker, pacing, theme, terminal signals, arrow keys."""
