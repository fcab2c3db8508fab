"""The link codec is one table (config/links.py's LINK): each URL key once, every
setting a link carries in it, and a new key is one row."""

from __future__ import annotations

import dataclasses

from tui_playground.config import FEATURE_NAMES, LINK, Config, Link, from_url, links, to_hash
from tui_playground.config.links import _bool, _js_bool, _not_default

NOT_IN_LINKS = {"data_file", "rescale"}  # a file on this machine, and how to fit it: not a link's business


def test_each_url_key_is_written_once():
    keys = [link.key for link in LINK]
    assert len(keys) == len(set(keys))


def test_every_setting_but_the_local_ones_travels_in_a_link():
    carried = {link.field for link in LINK} - {None}
    fields = {f.name for f in dataclasses.fields(Config)} - {"features"}
    assert carried == (fields - NOT_IN_LINKS) | set(FEATURE_NAMES)


def test_a_new_key_is_one_row(monkeypatch):
    row = Link("rescale", "rescale", _bool, _js_bool, _not_default)
    monkeypatch.setattr(links, "LINK", (*LINK, row))
    plain = Config(seed="1")
    assert "rescale" not in to_hash(plain)  # at its default: not written
    off = plain.replace(rescale=False)
    assert to_hash(off).endswith("&rescale=false")
    assert from_url("#" + to_hash(off), plain) == off


def test_the_written_order_is_the_playgrounds_then_ours():
    c = Config(seed="1", activation="elu", classes=2, optimizer="adam", reg="L1", reg_rate=0.001)
    keys = [pair.split("=")[0] for pair in to_hash(c).split("&")]
    assert keys[:3] == ["activation", "regularization", "batchSize"]
    assert keys[keys.index("hideText") + 1:] == ["activations", "optimizer"]
    assert from_url("#" + to_hash(c), Config(seed="2")) == c
