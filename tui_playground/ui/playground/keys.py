"""The main screen's key table: the one place a key is bound. The screen's
bindings, the app's, the footer, the help screen and the command palette are
all built from it."""

from __future__ import annotations

from .file_actions import FILE_KEYS

# (keys, action, description, shown in the footer).
KEYS: tuple[tuple[str, str, str, bool], ...] = (
    ("space", "toggle_play", "Play/Pause", True),
    ("s", "step", "Step", True),
    ("r", "reset", "Reset weights", True),
    ("R", "restart", "Restart from same seed", False),
    ("g", "regenerate", "New data (new seed)", True),
    ("e", "edit_seed", "Edit seed", False),
    ("left_square_bracket", "speed(-1)", "Slower", False),
    ("right_square_bracket", "speed(1)", "Faster", False),
    ("l", "cycle('lr', 1)", "Learning rate up", False),
    ("L", "cycle('lr', -1)", "Learning rate down", False),
    ("a", "cycle('activation', 1)", "Next activation (the network cursor's layer, else all)", False),
    ("A", "cycle('activation', -1)", "Previous activation", False),
    ("x", "cycle('reg', 1)", "Next regularization", False),
    ("X", "cycle('reg', -1)", "Previous regularization", False),
    ("z", "cycle('rate', 1)", "Regularization rate up", False),
    ("Z", "cycle('rate', -1)", "Regularization rate down", False),
    ("k", "classes(1)", "More classes (3..6: softmax)", False),
    ("K", "classes(-1)", "Fewer classes", False),
    ("d", "cycle('dataset', 1)", "Next data set", False),
    ("D", "cycle('dataset', -1)", "Previous data set", False),
    ("n", "adjust('noise', 1)", "Noise up", False),
    ("N", "adjust('noise', -1)", "Noise down", False),
    ("p", "adjust('train_pct', 1)", "Train share up", False),
    ("P", "adjust('train_pct', -1)", "Train share down", False),
    ("b", "adjust('batch', 1)", "Batch size up", False),
    ("B", "adjust('batch', -1)", "Batch size down", False),
    *((str(k), f"toggle_feature({k})", f"Toggle input {k}", False) for k in range(1, 8)),
    ("h", "add_layer", "Add hidden layer after the selected one", False),
    ("H", "remove_layer", "Remove the selected hidden layer", False),
    ("plus,equals_sign", "add_neuron", "Add neuron to selected layer", False),
    ("minus", "remove_neuron", "Remove neuron from selected layer", False),
    ("less_than_sign", "select_layer_by(-1)", "Select previous layer", False),
    ("greater_than_sign", "select_layer_by(1)", "Select next layer", False),
    # beyond the playground (docs/beyond.md)
    ("c", "cycle('loss', 1)", "Next loss (square, cross-entropy)", False),
    ("C", "cycle('loss', -1)", "Previous loss", False),
    ("j", "cycle('optimizer', 1)", "Next optimizer (sgd, momentum, rmsprop, adam)", False),
    ("J", "cycle('optimizer', -1)", "Previous optimizer", False),
    ("f", "cycle('lr_schedule', 1)", "Next learning-rate schedule", False),
    ("F", "cycle('lr_schedule', -1)", "Previous learning-rate schedule", False),
    ("y", "cycle('until_loss', 1)", "Stop rule: until test loss (off, 0.1 ... 0.005)", False),
    ("Y", "cycle('until_loss', -1)", "Stop rule: until test loss, back", False),
    ("w", "cycle('patience', 1)", "Stop rule: patience (off, 10, 50, 200 epochs)", False),
    ("W", "cycle('patience', -1)", "Stop rule: patience, back", False),
    ("v", "cycle('max_epochs', 1)", "Stop rule: max epochs (off, 100 ... 10000)", False),
    ("V", "cycle('max_epochs', -1)", "Stop rule: max epochs, back", False),
    ("t", "toggle('show_test')", "Show test data", False),
    ("m", "edit_points", "Place points by hand (on the big heatmap)", False),
    ("o", "toggle('discretize')", "Discretize output", False),
    ("O", "cycle_panel", "Output panel: loss chart, confusion matrix (small terminals: or the heatmap)", False),
    ("I", "toggle_log", "Loss chart: linear / log scale", False),
    ("T", "toggle_confusion_set", "Confusion matrix: test / train set", False),
    *FILE_KEYS,
    ("G", "gallery('shapes')", "Gallery: variants training side by side", False),
    ("S", "gallery('seeds')", "Seeds: this experiment with 16 seeds, loss band", False),
    ("question_mark", "help", "Help", True),
    ("q", "quit", "Quit", True),
)
# Rows of KEYS bound on the app, not the screen: they work over every screen.
APP_ACTIONS = {"quit"}

# Shorter names for the footer, so that ? and q still fit in 80 columns.
FOOTER = {"reset": "Reset", "regenerate": "New data"}


def key_label(keys: str) -> str:
    """How a binding's keys read on screen: 'plus,equals_sign' -> '+ ='."""
    names = {"left_square_bracket": "[", "right_square_bracket": "]", "question_mark": "?",
             "plus": "+", "equals_sign": "=", "minus": "-", "less_than_sign": "<",
             "greater_than_sign": ">"}
    return " ".join(names.get(k, k) for k in keys.split(","))
