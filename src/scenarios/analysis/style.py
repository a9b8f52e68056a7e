"""One look for every picture, made for a projector: large type, a colour per arm that is the same in every
picture, plain-language labels with units (from the outcome and parameter declarations), fixed 0-1 axes
for probabilities and shares, dates on time axes, thousands separators."""

from __future__ import annotations

import textwrap
import zlib

import matplotlib

matplotlib.use("Agg")  # files only; no display needed
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from ..model.outcomes import BY_NAME, SERIES_BY_NAME  # noqa: E402

# Okabe-Ito colours (readable by colour-blind viewers), fixed for the shipped arms
ARM_COLOURS = {"nonlethal_only": "#7f7f7f", "status_quo": "#0072B2", "gradual": "#56B4E9", "direct_155": "#E69F00",
               "direct_105": "#D55E00", "conditional": "#009E73", "endogenous": "#CC79A7"}
OTHER_COLOURS = ("#000000", "#F0E442", "#8c564b", "#17becf", "#bcbd22", "#1f77b4", "#9467bd")
RC = {"font.size": 14, "axes.titlesize": 15, "axes.labelsize": 14, "xtick.labelsize": 12, "ytick.labelsize": 12,
      "legend.fontsize": 12, "figure.titlesize": 16, "axes.spines.top": False, "axes.spines.right": False,
      "savefig.dpi": 120, "savefig.bbox": "tight"}
# the outcomes a picture shows unless asked for others: the question, the war, the price
KEY_OUTCOMES = ("highend_transfer", "war_ended", "ukr_position_mean", "dprk_shells_total", "rok_ru_rel_end",
                "cn_rok_rel_end")


def figure(rows: int = 1, cols: int = 1, width: float = 6.4, height: float = 4.6):
    with plt.rc_context(RC):
        fig, axes = plt.subplots(rows, cols, figsize=(width * cols, height * rows), squeeze=False,
                                 layout="constrained")
    return fig, axes


def save(fig, path, dpi: float | None = None, tight: bool = True) -> None:
    """Save and close; `tight=False` skips the tight-bbox pass, a second draw of the whole figure (constrained
    layout already fills it)."""
    with plt.rc_context(RC):
        fig.savefig(path, dpi=dpi or RC["savefig.dpi"], bbox_inches="tight" if tight else None)
    plt.close(fig)


def png(fig) -> bytes:
    """The figure as PNG bytes (RGB) at its own dpi, kept open to be drawn into again.  One draw, its layout done
    on the way (`savefig` lays a figure out in a pass of its own, then draws it again), and light compression:
    for a page's picture, time counts more than bytes."""
    import io

    from PIL import Image

    with plt.rc_context(RC):
        fig.canvas.draw()
    buffer = io.BytesIO()
    # RGB: the figure is opaque (white), and the alpha channel cost 6 of 33 ms and 21 of 184 KB
    Image.frombuffer("RGBA", fig.canvas.get_width_height(), fig.canvas.buffer_rgba()).convert("RGB").save(
        buffer, "png", compress_level=1)
    return buffer.getvalue()


def close(fig) -> None:
    plt.close(fig)


def arm_colour(arm: str) -> str:
    """The same colour for an arm in every picture (a label 'run:arm' takes its arm's colour)."""
    name = arm.rsplit(":", 1)[-1]
    return ARM_COLOURS.get(name) or OTHER_COLOURS[zlib.crc32(name.encode()) % len(OTHER_COLOURS)]


def wrap(text: str, width: int = 60) -> str:
    return "\n".join(textwrap.wrap(text, width))


def outcome_label(column: str, invert: bool = False) -> str:
    o = BY_NAME.get(column)
    if o is None:
        return column
    if invert and column == "war_ended":
        return "P(war still on at the horizon)"
    label = o.label if o.kind != "binary" or o.label.startswith("P(") else f"P({o.label[0].lower()}{o.label[1:]})"
    unit = "million shells" if o.unit == "shells" else o.unit
    return label + (f" ({unit})" if unit and unit not in ("0-1",) and not label.endswith(")") else "")


def is_share(column: str) -> bool:
    """Probabilities and 0-1 indices get a fixed 0-1 axis, so noise is not magnified."""
    o = BY_NAME.get(column) or SERIES_BY_NAME.get(column)
    if o is None:
        return False
    return getattr(o, "kind", "") == "binary" or o.unit in ("0-1", "share")


def parameter_label(key: str) -> str:
    """'parameters.china.restraint' -> 'How hard Beijing leans on Moscow against L6 (china.restraint)'."""
    from ..config.parameters import fields

    name = key.removeprefix("parameters.")
    info = fields().get(name)
    if info is None:
        return name
    label = (info.json_schema_extra or {}).get("label") or info.description.split(":")[0].rstrip(".")
    unit = (info.json_schema_extra or {}).get("unit")
    return f"{label}{f' ({unit})' if unit else ''}"


def thousands(ax, axis: str = "y") -> None:
    formatter = FuncFormatter(lambda v, _: f"{v:,.0f}" if abs(v) >= 1000 else f"{v:g}")
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(formatter)


def context(manifest: dict) -> str:
    """The run's name and what was changed from its config, for titles."""
    sets = manifest.get("overrides") or []
    return manifest.get("name", "") + (f" ({'; '.join(sets)})" if sets else "")
