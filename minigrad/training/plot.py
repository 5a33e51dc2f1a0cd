"""Learning curves as a PNG, with matplotlib when it is installed (the ``plot`` extra).

Without matplotlib, :func:`plot_histories` raises :class:`PlotUnavailable`,
whose message says how to install it; the commands print it and go on.
"""

INSTALL = "matplotlib is not installed, so no plot was drawn: pip install 'minigrad[plot]'"


class PlotUnavailable(ImportError):
    """matplotlib is missing."""


def _pyplot():
    try:
        import matplotlib
    except ImportError:
        raise PlotUnavailable(INSTALL) from None
    matplotlib.use("Agg")                       # files only, no window
    import matplotlib.pyplot as plt
    return plt


def plot_histories(histories, path, title=None):
    """Plot loss (left) and accuracy (right, when recorded) per epoch for one
    :class:`History` or a dict ``{label: History}``; train solid, validation dashed."""
    plt = _pyplot()
    if not isinstance(histories, dict):
        histories = {"": histories}
    keys = set().union(*(h.keys() for h in histories.values()))
    panels = ["loss"] + (["accuracy"] if "train_accuracy" in keys else [])
    fig, axes = plt.subplots(1, len(panels), figsize=(5.5 * len(panels), 4), squeeze=False)
    for ax, panel in zip(axes[0], panels):
        for i, (label, history) in enumerate(histories.items()):
            color = f"C{i % 10}"
            for split, style in (("train", "-"), ("val", "--")):
                key = f"{split}_{panel}"
                if key in history.keys():
                    name = f"{label} {split}".strip()
                    ax.plot(history["epoch"], history[key], style, color=color, label=name)
        ax.set_xlabel("epoch")
        ax.set_ylabel(panel)
        ax.grid(alpha=0.3)
        if panel == "loss":
            ax.set_yscale("log")
        ax.legend(fontsize=8)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path
