"""The heatmap chart: contacts per weekday and hour, closed hours hatched, in Noto Sans CJK JP."""

from __future__ import annotations

import functools
from pathlib import Path

import matplotlib
import numpy as np
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from tsunagu.makers.drawing import fonts
from tsunagu.makers.plan.build import ChannelPlan

FONT_FAMILY = "Noto Sans CJK JP"  # Debian's fonts-noto-cjk; scripts/setup installs it


@functools.cache
def _font() -> str:
    path = fonts.find(FONT_FAMILY, "plan charts").path
    font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=path).get_name()


def draw_heatmap(plan: ChannelPlan, title: str, weekdays: tuple[str, ...], hour_axis: str, path: Path) -> Path:
    """Write one channel's 7 × 24 heatmap as a PNG; a number in each cell, closed hours hatched grey."""
    counts = np.array(plan.heatmap, dtype=float)
    with matplotlib.rc_context({"font.family": _font()}):
        fig = Figure(figsize=(11, 3.8))
        ax = fig.subplots()
        image = ax.imshow(counts, cmap="Purples", aspect="auto", vmin=0, vmax=max(float(counts.max()), 1.0))
        top = float(counts.max()) or 1.0
        for d in range(7):
            for h in range(24):
                if not plan.open_hours[d][h]:
                    ax.add_patch(Rectangle((h - 0.5, d - 0.5), 1, 1, fill=False, hatch="//", edgecolor="#b4b4b4",
                                           linewidth=0))
                value = int(counts[d, h])
                ax.text(h, d, f"{value:,}", ha="center", va="center", fontsize=7,
                        color="white" if value > 0.6 * top else "#333333")
        ax.set_xticks(range(24), [str(h) for h in range(24)], fontsize=8)
        ax.set_yticks(range(7), list(weekdays), fontsize=9)
        ax.set_xlabel(hour_axis)
        ax.set_title(title, fontsize=11)
        fig.colorbar(image, ax=ax, fraction=0.025, pad=0.01)
        fig.tight_layout()
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, dpi=110)
    return path
