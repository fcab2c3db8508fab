"""Your own points: parsing, label mapping, rescaling, and one-line errors."""

from __future__ import annotations

import os

import numpy as np
import pytest

from tui_playground.config import Config
from tui_playground.engine.datafile import MAX_ROWS, ClassCountError, DataFileError, file_dataset, load_points
from tui_playground.engine.rng import SeededRandom
from tui_playground.engine.training import Trainer


def write(tmp_path, text: str, name: str = "p.csv") -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_header_is_optional_and_labels_minus_one_one_are_kept(tmp_path):
    a = load_points(write(tmp_path, "x,y,label\n0,0,-1\n2,4,1\n"), rescale=False)
    b = load_points(write(tmp_path, "0,0,-1\n2,4,1\n", "b.csv"), rescale=False)
    assert a.points == b.points == ((0.0, 0.0, -1.0), (2.0, 4.0, 1.0))
    assert a.problem == "classification"


def test_zero_one_and_string_labels_become_minus_one_plus_one(tmp_path):
    assert [p[2] for p in load_points(write(tmp_path, "0,0,0\n1,1,1\n1,0,0\n")).points] == [-1, 1, -1]
    pf = load_points(write(tmp_path, "0,0,cat\n1,1,dog\n", "s.csv"))
    assert [p[2] for p in pf.points] == [-1, 1]
    assert "class cat -> -1" in pf.description


def test_many_numeric_labels_mean_regression_scaled_to_unit_range(tmp_path):
    pf = load_points(write(tmp_path, "0,0,10\n1,1,20\n2,2,30\n"))
    assert pf.problem == "regression" and [p[2] for p in pf.points] == [-1.0, 0.0, 1.0]
    assert "10..30 scaled to -1..1" in pf.description


def test_points_are_centred_and_fit_into_the_plane_keeping_proportions(tmp_path):
    pf = load_points(write(tmp_path, "100,10,a\n300,20,b\n"))
    assert pf.points == ((-5.0, -0.25, -1.0), (5.0, 0.25, 1.0))
    kept = load_points(write(tmp_path, "100,10,a\n300,20,b\n", "k.csv"), rescale=False)
    assert kept.points[0][:2] == (100.0, 10.0)


@pytest.mark.parametrize("text, words", [
    ("", "no data rows"),
    ("x,y,label\n", "no data rows"),
    ("1,2,a\n3,4,a\n", "classification needs 2 to 6 distinct labels, found 1 (a)"),
    ("".join(f"{k},{k},c{k}\n" for k in range(7)), "2 to 6 distinct labels, found 7 (c0, c1, c2, c3, c4, c5, c6)"),
    ("1,2,a\nfoo,3,b\n", "line 2: x is not a number ('foo')"),
    ("1,2,a\n3,nan,b\n", "line 2: y is nan"),
    ("1,2,a\n3,4\n", "line 2: expected 3 columns"),
    ("1,2,a\n3,4,\n", "line 2: empty label"),
    ("1,2,5\n3,4,5\n5,6,5\n", "2 to 6 distinct labels, found 1 (5)"),
])
def test_bad_files_give_one_line_naming_the_problem(tmp_path, text, words):
    with pytest.raises(DataFileError, match=words.replace("(", r"\(").replace(")", r"\)")) as exc:
        load_points(write(tmp_path, text))
    assert "\n" not in str(exc.value)


def test_bad_rows_are_counted_beyond_the_first_three(tmp_path):
    text = "1,2,a\n" + "x,1,b\n" * 5
    with pytest.raises(DataFileError, match=r"line 2: .*line 3: .*line 4: .*\(5 bad rows in all\)"):
        load_points(write(tmp_path, text))


def test_missing_and_binary_files(tmp_path):
    with pytest.raises(DataFileError, match="No such file"):
        load_points(str(tmp_path / "nope.csv"))
    path = tmp_path / "bin.csv"
    path.write_bytes(b"\xff\xfe\x00\x81" * 100)
    with pytest.raises(DataFileError, match="not a readable CSV"):
        load_points(str(path))


def test_huge_files_are_refused(tmp_path):
    path = tmp_path / "huge.csv"
    path.write_text("1,2,a\n" * (MAX_ROWS + 5))
    with pytest.raises(DataFileError, match="more than 100,000 rows"):
        load_points(str(path))


def test_a_trainer_splits_file_points_by_the_ratio(tmp_path):
    rows = "".join(f"{i},{i % 7},{'a' if i % 2 else 'b'}\n" for i in range(40))
    config = Config(seed="f", data_file=write(tmp_path, rows), train_pct=30)
    trainer = Trainer(config)
    assert len(trainer.data.train_y) == 12 and len(trainer.data.test_y) == 28
    assert trainer.config.data_name == "p.csv"
    trainer.step(3)
    assert trainer.epoch == 3


def test_a_points_file_gone_bad_leaves_the_trainer_as_it_was(tmp_path):
    path = write(tmp_path, "".join(f"{i},{i % 7},{i % 2}\n" for i in range(40)))
    trainer = Trainer(Config(seed="f", data_file=path))
    trainer.step(2)
    config, weights = trainer.config, trainer.network.W.copy()
    (tmp_path / "p.csv").write_text("1,2,a\n")  # one class only now
    with pytest.raises(DataFileError):
        trainer.regenerate("other")
    with pytest.raises(DataFileError):
        trainer.apply(config.replace(train_pct=70))
    assert trainer.config == config and trainer.epoch == 2
    assert (trainer.network.W == weights).all() and len(trainer.step(1)) == 1


# ---- hostile files (issue 11) -------------------------------------------------


def test_labels_spelled_differently_are_one_class_by_value(tmp_path):
    pf = load_points(write(tmp_path, "0,0,1\n1,1,1.0\n2,2,-1\n3,3,-1.00\n"))
    assert [p[2] for p in pf.points] == [1.0, 1.0, -1.0, -1.0]
    assert "class -1 -> -1 (orange), 1 -> +1 (blue)" in pf.description
    with pytest.raises(DataFileError, match=r"2 to 6 distinct labels, found 1 \(1\)"):
        load_points(write(tmp_path, "0,0,1\n1,1,1.0\n2,2,1e0\n", "one.csv"))


def test_a_spread_too_small_to_scale_up_is_refused(tmp_path):
    with pytest.raises(DataFileError, match="can't be rescaled into the plane"):
        load_points(write(tmp_path, "0,0,a\n5e-324,1e-323,b\n"))  # the factor overflows


@pytest.mark.parametrize("rows", ["1.7e308,1.7e308,a\n1.6e308,1.6e308,b\n", "1.7e308,-1.7e308,a\n-1.7e308,1.7e308,b\n"])
def test_coordinates_near_the_float_limit_rescale_into_the_plane(tmp_path, rows):
    # the middle of two such numbers overflowed as (min + max) / 2 and training "diverged"
    pf = load_points(write(tmp_path, rows))
    assert all(abs(v) == pytest.approx(5.0) for x, y, _ in pf.points for v in (x, y))


def test_huge_coordinates_kept_as_given_are_refused(tmp_path):
    with pytest.raises(DataFileError, match=r"coordinate 1e\+300 is too large to keep as given"):
        load_points(write(tmp_path, "0,0,a\n1e300,1,b\n"), rescale=False)
    assert load_points(write(tmp_path, "0,0,a\n1e6,1,b\n", "ok.csv"), rescale=False).points[1][0] == 1e6


@pytest.mark.parametrize("make, words", [
    (lambda p: p.mkdir(), "is a directory, not a regular file"),
    (lambda p: os.mkfifo(p), "is a FIFO"),
    (lambda p: p.symlink_to("/dev/zero"), "is a device"),
])
def test_only_regular_files_are_read(tmp_path, make, words):
    path = tmp_path / "points.csv"
    make(path)
    with pytest.raises(DataFileError, match=words) as exc:
        load_points(str(path))  # a FIFO with no writer would block here, /dev/zero never end
    assert str(exc.value).startswith(f"{path}: ")


def test_the_size_is_checked_before_reading(tmp_path, monkeypatch):
    import tui_playground.engine.datafile as datafile

    path = tmp_path / "big.csv"
    with open(path, "wb") as f:
        f.truncate(datafile.MAX_BYTES + 1)  # sparse: no time or disk spent
    with pytest.raises(DataFileError, match=r"the file is 32 MB; at most 32 MB can be read"):
        load_points(str(path))


def test_a_split_column_of_train_and_test_is_read_else_none(tmp_path):
    pf = load_points(write(tmp_path, "x,y,label,split\n0,0,1,train\n1,1,-1,TEST\n2,2,1,train\n"), rescale=False)
    assert pf.test == (False, True, False)
    assert load_points(write(tmp_path, "0,0,1,train\n1,1,-1,\n", "b.csv"), rescale=False).test is None
    assert load_points(write(tmp_path, "0,0,1\n1,1,-1\n", "c.csv"), rescale=False).test is None


def test_keep_classes_keeps_class_values_even_when_a_class_has_no_point(tmp_path):
    path = write(tmp_path, "0,0,2\n1,1,0\n2,2,2\n")
    with pytest.raises(ClassCountError, match="4 classes asked for, but the file has 2 labels"):
        load_points(path, rescale=False, classes=4)
    pf = load_points(path, rescale=False, problem="classification", classes=4, keep_classes=True)
    assert [p[2] for p in pf.points] == [2.0, 0.0, 2.0] and pf.problem == "classification"
    one = write(tmp_path, "0,0,1\n1,1,1\n", "one.csv")  # two classes, all +1
    assert [p[2] for p in load_points(one, False, "classification", keep_classes=True).points] == [1.0, 1.0]
    # labels that are not class values yet are mapped as usual (0/1 -> -1/+1, names by sort order)
    assert [p[2] for p in load_points(write(tmp_path, "0,0,0\n1,1,1\n", "z.csv"), False, "classification",
                                      keep_classes=True).points] == [-1.0, 1.0]
    with pytest.raises(ClassCountError, match=r"4 classes asked for, but the file has 2 labels \(0, 7\)"):
        load_points(write(tmp_path, "0,0,7\n1,1,0\n", "k.csv"), False, "classification", 4, keep_classes=True)


# ---- classes from the data, the file's own units (issue 23) -------------------


def test_names_give_as_many_classes_numbered_in_sorted_order(tmp_path):
    pf = load_points(write(tmp_path, "x,y,label\n0,0,red\n1,1,blue\n2,2,green\n3,3,red\n"))
    assert pf.classes == 3 and pf.class_names == ("blue", "green", "red")
    assert [p[2] for p in pf.points] == [2.0, 0.0, 1.0, 2.0]
    assert "classes blue -> 0, green -> 1, red -> 2" in pf.description


def test_numbers_are_classes_when_classification_is_asked_for_else_regression(tmp_path):
    path = write(tmp_path, "0,0,0\n1,1,1\n2,2,2\n")
    assert load_points(path).problem == "regression"
    pf = load_points(path, problem="classification")
    assert (pf.classes, pf.class_names) == (3, ("0", "1", "2"))


def test_a_class_count_asked_for_that_the_file_does_not_have_names_both(tmp_path):
    with pytest.raises(ClassCountError) as err:
        load_points(write(tmp_path, "0,0,a\n1,1,b\n2,2,c\n"), classes=2)
    assert (err.value.asked, err.value.found, err.value.names) == (2, 3, "a, b, c")


def test_the_map_onto_the_plane_is_kept_and_inverts_it(tmp_path):
    pf = load_points(write(tmp_path, "100,10,a\n300,20,b\n"))
    assert pf.offset == (200.0, 15.0) and pf.scale == (0.05, 0.05)
    assert pf.raw == ((100.0, 10.0), (300.0, 20.0)) and pf.class_names == ("a", "b")
    kept = load_points(write(tmp_path, "100,10,a\n300,20,b\n", "k.csv"), rescale=False)
    assert kept.offset == (0.0, 0.0) and kept.scale == (1.0, 1.0)


def test_plane_columns_place_the_points_exactly_when_asked(tmp_path):
    path = write(tmp_path, "x,y,label,split,plane_x,plane_y\n100,10,a,train,-1.5,0.25\n300,20,b,test,2,3\n")
    assert load_points(path, plane_columns=True).points == ((-1.5, 0.25, -1.0), (2.0, 3.0, 1.0))
    assert load_points(path).points == ((-5.0, -0.25, -1.0), (5.0, 0.25, 1.0))  # --data: the own x, y


def test_a_file_with_splits_keeps_them_and_draws_the_stream_as_a_shuffle(tmp_path):
    rows = "".join(f"{k},{k * k},{'ab'[k % 2]},{'test' if k % 3 == 0 else 'train'}\n" for k in range(12))
    pf = load_points(write(tmp_path, rows))
    a, b = SeededRandom("s"), SeededRandom("s")
    d = file_dataset(pf, "p.csv", 50, a)
    b.shuffle(list(range(12)))
    assert a.random() == b.random()  # the stream is where a shuffle of the points leaves it
    assert d.units.test_xy[:, 0].tolist() == [0.0, 3.0, 6.0, 9.0]
    assert d.units.train_xy[:, 0].tolist() == [1.0, 2.0, 4.0, 5.0, 7.0, 8.0, 10.0, 11.0]
    np.testing.assert_array_equal(d.units.to_plane(d.units.train_xy), d.train_xy)
