"""Small helpers shared by the figures that time many runs."""

import math
import statistics


def median(seconds: list[float]) -> float:
    return statistics.median(seconds) if seconds else 0.0


def percentile(seconds: list[float], fraction: float) -> float:
    """The nearest-rank percentile: a time that was really measured, which
    ``fraction`` of the runs did not exceed."""
    if not seconds:
        return 0.0
    ordered = sorted(seconds)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def ms(seconds: float) -> str:
    """A duration for the table, in milliseconds."""
    return f"{seconds * 1000:.1f} ms"
