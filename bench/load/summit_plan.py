"""The summit's timeline (bench/load/summit.py): when each registration and each scan happens, in
simulated seconds from the start of its phase. Pure functions of a seeded random generator, so two
runs with the same options replay the same summit.

Registration wave: REGISTRATION_WAVE_S (10 minutes) from the moment registration opens, with a rate
that starts high and decays (0.15 + e^(-t / 2 min)): 45 % of the registrations in the first two
minutes, the peak in the first seconds, a steady trickle to the end.

A day at the doors: the morning's DOOR_WINDOW_S (07:45 to 09:45), of which the night before and the
rest of the day are skipped (nobody arrives then). 80 % of the day's delegates arrive in the 45
minutes before the 09:00 keynote (PEAK_START_S to PEAK_END_S, a triangle peaking at 08:35), 10 %
earlier and 10 % later. Each arrival goes through one of the doors at random; RESCAN_SHARE of them
are scanned again a few minutes later at another door (walked out and back, a badge held to two
scanners) and must be answered "already checked in".
"""

from __future__ import annotations

import bisect
import itertools
import math
import random

REGISTRATION_WAVE_S = 600
WAVE_DECAY_S = 120  # the opening rush's time constant
WAVE_FLOOR = 0.15  # the trickle that lasts the whole wave, relative to the opening rush
DOOR_WINDOW_S = 7200  # 07:45 to 09:45 of each day
PEAK_START_S, PEAK_TOP_S, PEAK_END_S = 1800, 3000, 4500  # 08:15, 08:35, 09:00
PEAK_SHARE = 0.80
RESCAN_DELAY_S = (60, 600)  # a repeat comes one to ten minutes after the first scan


def wave_times(count: int, rng: random.Random) -> list[float]:
    """`count` registration times in [0, REGISTRATION_WAVE_S), sorted, drawn from the wave's curve."""
    step = 1.0
    grid = [i * step for i in range(int(REGISTRATION_WAVE_S / step) + 1)]
    density = [WAVE_FLOOR + math.exp(-t / WAVE_DECAY_S) for t in grid]
    cumulative = [0.0]
    for left, right in itertools.pairwise(density):
        cumulative.append(cumulative[-1] + (left + right) / 2 * step)
    total = cumulative[-1]
    times = []
    for _ in range(count):
        target = rng.random() * total
        i = max(1, bisect.bisect_left(cumulative, target))
        share = (target - cumulative[i - 1]) / ((cumulative[i] - cumulative[i - 1]) or 1)
        times.append(grid[i - 1] + share * step)
    return sorted(times)


def arrival_time(rng: random.Random) -> float:
    """One delegate's arrival at the doors, seconds after 07:45."""
    draw = rng.random()
    if draw < PEAK_SHARE:
        return rng.triangular(PEAK_START_S, PEAK_END_S, PEAK_TOP_S)
    if draw < PEAK_SHARE + (1 - PEAK_SHARE) / 2:
        return rng.uniform(0, PEAK_START_S)
    return rng.uniform(PEAK_END_S, DOOR_WINDOW_S)


def door_day(
    delegates: int, attendance: float, doors: int, rescan_share: float, rng: random.Random
) -> list[list[tuple[float, int, bool]]]:
    """Each door's queue for one day, in time order: (second of the window, delegate index, rescan).

    `attendance` of the `delegates` (a random sample, different each day) come; every one of them
    is scanned once, and `rescan_share` of them once more at another door."""
    attending = rng.sample(range(delegates), round(delegates * attendance))
    queues: list[list[tuple[float, int, bool]]] = [[] for _ in range(doors)]
    for delegate in attending:
        arrival = arrival_time(rng)
        door = rng.randrange(doors)
        queues[door].append((arrival, delegate, False))
        if rng.random() < rescan_share:
            other = (door + rng.randrange(1, doors)) % doors if doors > 1 else door
            again = min(DOOR_WINDOW_S - 1, arrival + rng.uniform(*RESCAN_DELAY_S))
            queues[other].append((max(again, arrival + 1), delegate, True))
    for queue in queues:
        queue.sort()
    return queues


def peak_per_s(times: list[float], speed: float, window_s: float = 10) -> float:
    """The busiest `window_s` seconds of wall time the plan asks for, as a rate (at `speed`)."""
    if not times:
        return 0.0
    wall = sorted(t / speed for t in times)
    best, left = 0, 0
    for right, moment in enumerate(wall):
        while moment - wall[left] >= window_s:
            left += 1
        best = max(best, right - left + 1)
    return round(best / window_s, 3)
