"""Textual-free drawing: value grids and networks -> arrays of cell keys
(`drawing`), the data palette (`palette`), network and gallery pictures, and
the SVG block fix for screenshots. Imports numpy and rich only, never textual,
so every function here is unit-tested without an app."""
