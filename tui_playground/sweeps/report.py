"""A sweep's report: the table of how each variant did (headline, rows, footer)
as aligned plain text, the same as one JSON object, and one CSV row per network.
The CLI prints them (cli/sweep.py; with rich on a terminal)."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..config import DEFAULTS
from .presets import EXPERIMENT_TITLES
from .results import SweepResult, VariantStats
from .spec import SWEEP_FIELDS, SweepSpec, format_setting, setting

# ---- text ----------------------------------------------------------------------

STAT_HEADERS = ("median", "q1-q3", "best", "seed", "worst", "seed", "learned", "epochs", "accuracy")


def loss_text(value: float) -> str:
    return f"{value:.3f}" if math.isfinite(value) else "diverged"


def stat_cells(s: VariantStats) -> list[str]:
    return [
        loss_text(s.median),
        f"{loss_text(s.q1)}-{loss_text(s.q3)}",
        loss_text(s.best), s.best_seed, loss_text(s.worst), s.worst_seed,
        f"{s.learned}/{s.seeds}",
        "-" if s.median_epochs is None else f"{s.median_epochs:g}",
        "-" if s.median_accuracy is None else f"{s.median_accuracy:.1%}",
    ]


def setting_cells(spec: SweepSpec, v: int) -> list[str]:
    return [format_setting(f, setting(spec.variants[v], f)) for f in spec.varied]


def headline(spec: SweepSpec) -> str:
    """The fixed settings, then the seeds, epochs and what 'learned' means."""
    fixed = spec.fixed
    words: dict[str, Callable[[Any], str]] = {
        "dataset": lambda v: v, "activation": lambda v: v,
        "noise": lambda v: f"noise {v}%", "train_pct": lambda v: f"{v}% train",
        "features": lambda v: f"features {format_setting('features', v)}",
        "layers": lambda v: f"layers {format_setting('layers', v)}",
        "lr": lambda v: f"lr {v:g}", "batch": lambda v: f"batch {v}",
        "reg": lambda v: "no regularization" if v == "none" else v,
        "reg_rate": lambda v: f"rate {v:g}", "init_zero": lambda v: "init zero" if v else "",
        "classes": lambda v: f"{v} classes" if v > 2 else "",
    }
    for name in SWEEP_FIELDS:  # beyond the playground: said only when not the default
        if name not in words:
            words[name] = _unless_default(name)
    if "reg" in fixed and "reg_rate" in fixed:  # "L1 0.001", or nothing more for none
        rate = fixed.pop("reg_rate")
        fixed["reg"] = "none" if fixed["reg"] == "none" else f"{fixed['reg']} {rate:g}"
    parts = [text for f, v in fixed.items() if (text := words[f](v))]
    seeds = spec.seeds
    seed_text = ", ".join(seeds) if len(seeds) <= 3 else f"{seeds[0]} ... {seeds[-1]}"
    title = f"{EXPERIMENT_TITLES[spec.preset]}\n" if spec.preset else ""
    return (f"{title}{', '.join(parts)}\n{len(seeds)} seeds ({seed_text}) x {spec.epochs} epochs; "
            f"learned = {spec.criterion}; epochs = median first epoch with test loss < {spec.success:g}; "
            f"accuracy = median final test accuracy")


def _unless_default(name: str) -> Callable[[Any], str]:
    """A setting's words ('optimizer adam'), or none at its default."""
    return lambda v: "" if v == DEFAULTS[name] else f"{name.replace('_', '-')} {format_setting(name, v)}"


def footer(result: SweepResult) -> str:
    size = result.spec.size
    if result.from_file == size:
        return f"{size} networks, {result.network_epochs} network-epochs (from a results file)"
    speed = f"in {result.seconds:.1f} s ({result.network_epochs_per_second:.0f} network-epochs/s)"
    if result.from_file:
        return (f"{size} networks, {result.network_epochs} network-epochs; {result.from_file} networks from the "
                f"results file, {result.trained_epochs} network-epochs trained {speed}")
    return f"{size} networks, {result.network_epochs} network-epochs {speed}"


def table_rows(result: SweepResult) -> tuple[list[str], list[list[str]]]:
    spec = result.spec
    headers = [f.replace("_", "-") for f in spec.varied] + list(STAT_HEADERS)
    rows = [setting_cells(spec, s.variant) + stat_cells(s) for s in result.stats]
    return headers, rows


def plain_report(result: SweepResult) -> str:
    """Headline, an aligned table (text left, numbers right), footer."""
    headers, rows = table_rows(result)
    n_text = len(result.spec.varied)
    widths = [max(len(r[c]) for r in [headers, *rows]) for c in range(len(headers))]
    align = lambda c, text: text.ljust(widths[c]) if c < n_text else text.rjust(widths[c])  # noqa: E731
    lines = ["  ".join(align(c, t) for c, t in enumerate(r)).rstrip() for r in [headers, *rows]]
    return "\n".join([headline(result.spec), "", *lines, "", footer(result)])


# ---- JSON and CSV --------------------------------------------------------------


def _finite(x):
    return x if x is None or math.isfinite(x) else None  # JSON has no inf/NaN


def result_dict(result: SweepResult) -> dict:
    spec = result.spec
    variants = []
    for s in result.stats:
        config = spec.variants[s.variant]
        variants.append({
            "index": s.variant,
            "label": spec.label(s.variant),
            "caption": spec.captions[s.variant] if spec.captions else None,
            "config": config.to_dict(),
            "seeds": s.seeds,
            "test_loss": {"median": _finite(s.median), "q1": _finite(s.q1), "q3": _finite(s.q3),
                          "best": _finite(s.best), "worst": _finite(s.worst)},
            "best_seed": s.best_seed,
            "worst_seed": s.worst_seed,
            "learned": s.learned,
            "learned_share": s.learned_share,
            "reached": s.reached,
            "median_epochs_to_success": s.median_epochs,
            "median_test_accuracy": s.median_accuracy,
            "diverged": s.diverged,
        })
    members = [{"variant": m.variant, "seed": m.seed, "epochs": m.epochs, "train_loss": _finite(m.train_loss),
                "test_loss": _finite(m.test_loss), "diverged": m.diverged, "learned": spec.learned(m),
                "first_success_epoch": m.first_success,
                "best_train_loss": _finite(m.best_train_loss), "best_test_loss": _finite(m.best_test_loss),
                "best_test_epoch": m.best_test_epoch, **m.metrics}
               for m in result.members]
    return {"spec": spec.to_dict(), "variants": variants, "members": members,
            "network_epochs": result.network_epochs, "from_file": result.from_file,
            "network_epochs_per_second": round(result.network_epochs_per_second, 1),
            "seconds": round(result.seconds, 4)}


CSV_HEADER = ["variant", "label", "seed", "epochs", "train_loss", "test_loss", "train_accuracy", "test_accuracy",
              "diverged", "learned", "first_success_epoch", "url"]


def csv_bool(value: bool) -> str:
    """true/false, the spelling of JSON and of spiral-tui's other CSVs."""
    return "true" if value else "false"


def _accuracy_cell(m, key: str) -> str:
    """A share 0..1 exactly (repr), or empty: regression, or no accuracy (diverged)."""
    value = m.metrics.get(key)
    return "" if value is None or not math.isfinite(value) else repr(value)


def write_csv(path: Path, result: SweepResult) -> None:
    """One row per network, written atomically. Raises OSError."""
    from ..files.exports import csv_text, write_atomic

    spec = result.spec
    rows = ([m.variant, spec.label(m.variant), m.seed, m.epochs, repr(m.train_loss), repr(m.test_loss),
             _accuracy_cell(m, "train_accuracy"), _accuracy_cell(m, "test_accuracy"),
             csv_bool(m.diverged), csv_bool(spec.learned(m)), "" if m.first_success is None else m.first_success,
             spec.variants[m.variant].replace(seed=m.seed).to_url()]
            for m in result.members)
    write_atomic(path, csv_text(CSV_HEADER, rows, lineterminator="\r\n"))  # the csv module's default ending
