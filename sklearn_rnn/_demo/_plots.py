"""The demo's plots: the forecast and the training curves, saved as PNG files."""

import importlib.util

FORECAST_PNG = "forecast_air_passengers.png"
CURVES_PNG = "training_curves.png"


def save_plots(results, out):
    """Save the plots of the jobs in ``results`` under ``out``; return the paths.

    Without matplotlib, print how to get the plots and save nothing.
    """
    if importlib.util.find_spec("matplotlib") is None:
        print(
            "\nNo plots: matplotlib is not installed (pip install matplotlib, "
            "then run the demo again to get them)."
        )
        return []
    import matplotlib.pyplot as plt

    from ..plotting import TrainingCurveDisplay

    out.mkdir(parents=True, exist_ok=True)
    paths = []
    if "forecast" in results:
        fig, ax = plt.subplots(figsize=(9, 4.5))
        results["forecast"]["draw"](ax)
        paths.append(_save(fig, out / FORECAST_PNG))
    curves = [result["curve"] for result in results.values()]
    fig, axes = plt.subplots(
        1, len(curves), figsize=(4.5 * len(curves), 3.8), squeeze=False
    )
    for ax, (title, estimator, ylabel) in zip(axes[0], curves, strict=True):
        TrainingCurveDisplay.from_estimator(estimator, ax=ax)
        ax.set_title(title, fontsize="medium")
        ax.set_ylabel(ylabel)
    paths.append(_save(fig, out / CURVES_PNG))
    return paths


def _save(fig, path):
    import matplotlib.pyplot as plt

    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path
