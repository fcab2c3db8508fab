"""The playground's links: a Config to and from the URL hash
(https://playground.tensorflow.org/#activation=tanh&batchSize=10&...).

One table, LINK, says it all: each row is a URL key with the Config field it
carries, how its text is read (parse) and written (format), and when it is
written. Its order is the playground's own, then the settings beyond it; each
URL key is spelled once (the input features' keys in names.FEATURE_KEYS). A new
key is one row: e.g. a setting beyond the playground is
`Link("myKey", "my_field", _number, js_number, _not_default)`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from .checks import ConfigError, parse_bool, parse_int, parse_layers, parse_number
from .names import FEATURE_KEYS, FEATURE_NAMES, PLAYGROUND_ACTIVATIONS, PLAYGROUND_HOST, PLAYGROUND_URL

# What the package offers (config/__init__.py imports these).
__all__ = [
    "LINK", "Link", "hash_pairs", "js_number", "to_hash", "url_changes",
]


def js_number(value: float) -> str:
    """A number as JavaScript prints it (3, 0.03, 0.00001), for playground links."""
    if value == int(value) and abs(value) < 1e21:
        return str(int(value))
    return format(Decimal(repr(value)), "f")


def _js_bool(value: bool) -> str:
    return "true" if value else "false"


def _text(key: str, text: str) -> str:
    return text  # checked when the Config is made


def _number(key: str, text: str) -> float:
    return parse_number(key, text)


def _int(key: str, text: str) -> int:
    return parse_int(key, text)


def _bool(key: str, text: str) -> bool:
    return parse_bool(key, text)


def _layers(key: str, text: str) -> tuple[int, ...]:
    return parse_layers(text)


def _words(value: str) -> str:
    """A setting's text (a schedule 'step:100:0.5', an activation list 'relu,tanh')."""
    return quote(value, safe=".,:")


def _always(config: Any, field: str) -> bool:
    return True


def _not_default(config: Any, field: str) -> bool:
    return bool(getattr(config, field) != _default(config, field))


def _default(config: Any, field: str) -> Any:
    return next(f.default for f in dataclasses.fields(config) if f.name == field)


def _playground_activation(config: Any, field: str) -> bool:
    return config.activation in PLAYGROUND_ACTIVATIONS


def _other_activation(config: Any, field: str) -> bool:
    return config.activation not in PLAYGROUND_ACTIVATIONS


@dataclass(frozen=True)
class Link:
    """One URL key. `field`: the Config field it carries, an input feature's name
    (on or off), or None (written as `format(None)`, ignored when read).
    `written(config, field)`: whether to_hash writes it; `last`: read after the
    other keys, so its value wins."""

    key: str
    field: str | None
    parse: Callable[[str, str], Any] = _text
    format: Callable[[Any], str] = str
    written: Callable[[Any, str], bool] = _always
    last: bool = False


def _feature(name: str) -> Link:
    return Link(FEATURE_KEYS[name][0], name, _bool, _js_bool)


def _unused(key: str) -> Link:
    """A key the playground writes and spiral-tui has no use for."""
    return Link(key, None, format=lambda _: "false")


LINK: tuple[Link, ...] = (
    # The playground's keys, in its order. A setting only spiral-tui has leaves
    # the playground's key at its default (the browser ignores keys it does not know).
    Link("activation", "activation", format=lambda v: v if v in PLAYGROUND_ACTIVATIONS else "tanh"),
    Link("regularization", "reg", written=lambda c, f: c.reg != "none"),
    Link("batchSize", "batch", _int),
    Link("dataset", "dataset"),
    Link("regDataset", "reg_dataset"),
    Link("learningRate", "lr", _number, js_number),
    Link("regularizationRate", "reg_rate", _number, js_number),
    Link("noise", "noise", _int),
    Link("networkShape", "layers", _layers, lambda v: ",".join(map(str, v))),
    Link("seed", "seed", format=lambda v: quote(v, safe=".")),
    Link("showTestData", "show_test", _bool, _js_bool),
    Link("discretize", "discretize", _bool, _js_bool),
    Link("percTrainData", "train_pct", _int),
    _feature("x1"), _feature("x2"), _feature("x1x2"), _feature("x1sq"), _feature("x2sq"),
    _unused("cosX"), _feature("sinx1"), _unused("cosY"), _feature("sinx2"),
    _unused("collectStats"),
    Link("problem", "problem"),
    Link("initZero", "init_zero", _bool, _js_bool),
    _unused("hideText"),
    # Beyond the playground: keys of our own, written only when not at their default.
    Link("classes", "classes", _int, written=_not_default),
    Link("activations", "activation", format=str, written=_other_activation, last=True),
    Link("loss", "loss", format=_words, written=_not_default),
    Link("optimizer", "optimizer", format=_words, written=_not_default),
    Link("momentum", "momentum", _number, js_number, _not_default),
    Link("rmsAlpha", "rms_alpha", _number, js_number, _not_default),
    Link("beta1", "beta1", _number, js_number, _not_default),
    Link("beta2", "beta2", _number, js_number, _not_default),
    Link("eps", "eps", _number, js_number, _not_default),
    Link("lrSchedule", "lr_schedule", format=_words, written=_not_default),
    Link("untilLoss", "until_loss", _number, js_number, _not_default),
    Link("patience", "patience", _int, js_number, _not_default),
    Link("minDelta", "min_delta", _number, js_number, _not_default),
    Link("maxEpochs", "max_epochs", _int, js_number, _not_default),
    # The browser has no such key: there, the link plus pressing Reset `resets` times gives these weights.
    Link("resets", "resets", _int, written=_not_default),
)
# Keys the playground may write that no row reads: skipped (and any "*_hide").
IGNORED_KEYS = frozenset({"tutorial"})


def _value(config: Any, field: str | None) -> Any:
    if field is None:
        return None
    if field in FEATURE_KEYS:
        return field in config.features
    return getattr(config, field)


def to_hash(config: Any) -> str:
    """The playground URL hash (without '#'): every row of LINK that is written,
    in order. An activation the playground lacks goes under `activations`, and
    the playground's key then says tanh, its default."""
    return "&".join(f"{link.key}={link.format(_value(config, link.field))}" for link in LINK
                    if link.written(config, link.field or ""))


def hash_pairs(url: str) -> dict[str, str]:
    """'https://playground.tensorflow.org/#a=1&b=2', '#a=1&b=2' or 'a=1&b=2' ->
    {'a': '1', 'b': '2'}. A link must be the playground's own (host checked)."""
    text = url.strip()
    if "#" in text:
        head, text = text.split("#", 1)
        if head and not _is_playground(head):
            raise ConfigError(f"not a playground link (expected {PLAYGROUND_URL}#... or #...): {_clip(url)}")
    elif "=" not in text:
        raise ConfigError(f"not a playground link (expected '...#key=value&...'): {_clip(url)}")
    pairs = {}
    for part in filter(None, text.split("&")):
        if "=" not in part:
            raise ConfigError(f"bad part {_clip(part)} in playground link (expected key=value)")
        key, value = part.split("=", 1)
        pairs[unquote(key)] = unquote(value)
    return pairs


def _is_playground(head: str) -> bool:
    """Whether the part of a link before '#' is the playground's address."""
    parts = urlsplit(head if "://" in head else "https://" + head)
    try:
        port = parts.port
    except ValueError:  # a port that is not a number
        return False
    return (parts.scheme in ("http", "https") and parts.hostname == PLAYGROUND_HOST
            and not parts.username and port in (None, 80, 443))


def _clip(text: str, limit: int = 60) -> str:
    """repr of user input, cut to a readable length."""
    return repr(text) if len(text) <= limit else repr(text[:limit]) + "..."


def url_changes(url: str, features: tuple[str, ...] = ("x1", "x2")) -> dict[str, Any]:
    """The Config changes a playground link asks for; feature keys the link
    lacks keep their state in `features`."""
    by_key = {link.key: link for link in LINK}
    changes: dict[str, Any] = {}
    later: dict[str, Any] = {}
    on = set(features)
    for key, value in hash_pairs(url).items():
        link = by_key.get(key)
        if link is None:
            if key not in IGNORED_KEYS and not key.endswith("_hide"):
                raise ConfigError(f"unknown key {key!r} in playground link")
        elif link.field in FEATURE_KEYS:
            toggle = on.add if link.parse(key, value) else on.discard
            toggle(link.field)
        elif link.field is not None:
            (later if link.last else changes)[link.field] = link.parse(key, value)
    changes.update(later)
    changes["features"] = tuple(n for n in FEATURE_NAMES if n in on)
    if "classes" not in changes and ("dataset" in changes or "problem" in changes):
        changes["classes"] = 2  # a whole link without the key is the playground's: two classes
    return changes
