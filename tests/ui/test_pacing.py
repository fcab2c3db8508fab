from tui_playground.ui.runtime.pacing import FramePacer, RateMeter, SliceSizer, byte_budget


class Clock:
    def __init__(self):
        self.t = 100.0

    def __call__(self):
        return self.t


def test_budget_local_ssh_and_override():
    assert byte_budget(None, {}) == (1_000_000, 15.0)
    assert byte_budget(None, {"SSH_CONNECTION": "1 2 3 4"})[0] == 100_000
    assert byte_budget(None, {"SSH_TTY": "/dev/pts/1"})[0] == 100_000
    assert byte_budget(50, {"SSH_TTY": "x"})[0] == 50_000


def test_one_frame_in_flight_at_a_time():
    clock = Clock()
    pacer = FramePacer(1_000_000, 10, clock)
    assert pacer.due()
    assert not pacer.due()


def test_fps_cap_counts_from_when_the_frame_was_built():
    clock = Clock()
    pacer = FramePacer(1_000_000, 10, clock)
    pacer.due()
    clock.t += 0.05
    pacer.sent(100)
    clock.t += 0.04
    assert not pacer.due()
    clock.t += 0.011
    assert pacer.due()


def test_big_frames_wait_for_the_byte_budget():
    clock = Clock()
    pacer = FramePacer(100_000, 15, clock)
    pacer.due()
    pacer.sent(50_000)  # half a second of budget
    clock.t += 0.3
    assert not pacer.due()
    clock.t += 0.21
    assert pacer.due()


def test_a_lost_frame_stops_blocking():
    clock = Clock()
    pacer = FramePacer(100_000, 15, clock)
    pacer.due()
    clock.t += 2
    assert pacer.due()


def test_slices_grow_gently_and_shrink_at_once():
    sizer = SliceSizer(target_s=0.02)
    assert sizer.update(1, 0.001) == 2
    assert sizer.update(2, 0.002) == 4
    sizer.epochs = 1000
    assert sizer.update(1000, 1.0) == 20


def test_rate_meter_over_a_window():
    clock = Clock()
    meter = RateMeter(1.0, clock)
    meter.add(0)
    clock.t += 0.5
    assert meter.add(500) == 1000


def test_bytes_written_outside_frames_hold_the_next_frame_back():
    clock, written = Clock(), [0]
    pacer = FramePacer(100_000, 15, clock, total_bytes=lambda: written[0])
    assert pacer.due()
    pacer.sent(1_000)  # told little, but the terminal got much more
    written[0] += 60_000
    clock.t += 0.1
    assert not pacer.due()  # 60 KB in the bucket: over the 20 KB burst
    clock.t += 0.3
    assert not pacer.due()  # 30 KB left
    clock.t += 0.15
    assert pacer.due()  # drained below 20 KB
