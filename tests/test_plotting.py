"""ForecastDisplay and TrainingCurveDisplay: what they draw, where, and errors."""

import subprocess
import sys

import numpy as np
import pytest
from sklearn.base import BaseEstimator
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LinearRegression

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from sklearn_rnn import RNNForecaster, make_windows  # noqa: E402
from sklearn_rnn.plotting import ForecastDisplay, TrainingCurveDisplay  # noqa: E402

SERIES = np.sin(0.3 * np.arange(140))
FAST = {"hidden_size": 4, "max_epochs": 4, "random_state": 0}


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def forecaster():
    X, y = make_windows(SERIES[:100], window_length=10, horizon=3)
    return RNNForecaster(**FAST, early_stopping=True).fit(X, y)


class IntervalForecaster(BaseEstimator):
    """A forecaster with intervals (as RNNForecaster's quantiles give); records
    how it was called."""

    def __init__(self):
        self.calls = []

    def fit(self):
        self.horizon_ = 2
        return self

    def forecast(self, history, steps, coverage=None, random_state=None):
        self.calls.append((len(history), steps, coverage, random_state))
        y = np.full(steps, float(history[-1]))
        if coverage is None:
            return y
        return y, y - coverage, y + coverage


def legend_texts(ax):
    return [text.get_text() for text in ax.get_legend().get_texts()]


# --- ForecastDisplay --------------------------------------------------------------


def test_from_predictions_draws_each_series_at_its_time_steps():
    history, y_true = [1.0, 2.0, 3.0, 4.0], [5.0, 6.0]
    display = ForecastDisplay.from_predictions(
        history,
        [5.5, 6.5],
        y_true,
        lower=[5.0, 5.5],
        upper=[6.0, 7.5],
        coverage=0.9,
    )
    assert display.line_history_.get_xdata().tolist() == [0, 1, 2, 3]
    assert display.line_history_.get_ydata().tolist() == history
    assert display.line_actual_.get_xdata().tolist() == [4, 5]
    assert display.line_actual_.get_ydata().tolist() == y_true
    assert display.line_forecast_.get_xdata().tolist() == [4, 5]
    assert display.line_forecast_.get_ydata().tolist() == [5.5, 6.5]
    vertices = display.fill_interval_.get_paths()[0].vertices
    assert set(vertices[:, 0]) == {4, 5}
    assert (vertices[:, 1].min(), vertices[:, 1].max()) == (5.0, 7.5)
    ax = display.ax_
    assert legend_texts(ax) == ["history", "actual", "90% interval", "forecast"]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("Time step", "Value")
    assert display.figure_ is ax.figure


def test_from_predictions_without_truth_or_interval():
    display = ForecastDisplay.from_predictions([1, 2], [3.0])
    assert display.line_actual_ is None and display.fill_interval_ is None
    assert legend_texts(display.ax_) == ["history", "forecast"]
    assert display.history == [1, 2]  # parameters stored unchanged


def test_the_axes_passed_are_drawn_on():
    figure, ax = plt.subplots()
    display = ForecastDisplay.from_predictions([1, 2], [3.0], ax=ax)
    assert display.ax_ is ax and display.figure_ is figure
    assert display.line_forecast_ in ax.get_lines()


def test_plot_redraws_a_display_on_new_axes():
    display = ForecastDisplay(history=[1, 2], y_pred=[3.0], y_true=[2.5])
    _, (left, right) = plt.subplots(1, 2)
    assert display.plot(ax=left).ax_ is left
    assert display.plot(ax=right).ax_ is right
    assert len(left.get_lines()) == len(right.get_lines()) == 3


def test_index_gives_the_x_values():
    dates = np.arange("2024-01", "2024-06", dtype="datetime64[M]")
    display = ForecastDisplay.from_predictions([1, 2, 3], [4.0, 5.0], index=dates)
    np.testing.assert_array_equal(display.line_forecast_.get_xdata(), dates[3:])
    np.testing.assert_array_equal(display.line_history_.get_xdata(), dates[:3])
    assert display.ax_.get_xlabel() == ""
    with pytest.raises(ValueError, match=r"index must hold one x value .*\(2 \+ 1 ="):
        ForecastDisplay.from_predictions([1, 2], [3.0], index=dates)


def dated(values, start="2024-01-01", freq="D"):
    import pandas as pd

    return pd.Series(values, index=pd.date_range(start, periods=len(values), freq=freq))


def test_from_predictions_draws_series_against_their_dates():
    history, y_pred = dated([1.0, 2.0, 3.0]), dated([4.0, 5.0], "2024-01-04")
    y_true = dated([4.5, 5.5], "2024-01-04")
    display = ForecastDisplay.from_predictions(history, y_pred, y_true)
    date2num = matplotlib.dates.date2num
    np.testing.assert_array_equal(
        date2num(display.line_history_.get_xdata()), date2num(history.index)
    )
    for line in (display.line_forecast_, display.line_actual_):
        np.testing.assert_array_equal(
            date2num(line.get_xdata()), date2num(y_pred.index)
        )
    assert display.ax_.get_xlabel() == ""


def test_index_still_gives_the_x_values_of_arrays_beside_a_series():
    display = ForecastDisplay.from_predictions(
        dated([1.0, 2.0]), [3.0], index=[10, 20, 30]
    )
    assert display.line_forecast_.get_xdata().tolist() == [30]


def test_a_misindexed_y_true_is_refused():
    with pytest.raises(ValueError, match=r"^y_true must be indexed by the forecast"):
        ForecastDisplay.from_predictions(
            dated([1.0, 2.0]), dated([3.0], "2024-01-03"), dated([3.0], "2030-01-01")
        )


def test_from_estimator_draws_a_dated_history_and_its_future_dates(forecaster):
    history = dated(SERIES[:100])
    y_true = dated(SERIES[100:103], "2024-04-10")
    display = ForecastDisplay.from_estimator(forecaster, history, y_true)
    future = forecaster.forecast(history, 3).index
    assert future.equals(y_true.index)
    date2num = matplotlib.dates.date2num
    np.testing.assert_array_equal(
        date2num(display.line_history_.get_xdata()), date2num(history.index)
    )
    np.testing.assert_array_equal(
        date2num(display.line_forecast_.get_xdata()), date2num(future)
    )
    np.testing.assert_array_equal(
        display.line_forecast_.get_ydata(), forecaster.forecast(history, 3).to_numpy()
    )


@pytest.mark.parametrize("kind", ["period", "integer"])
def test_from_estimator_continues_a_period_or_integer_index(forecaster, kind):
    import pandas as pd

    if kind == "period":
        index = pd.period_range("2000-01", periods=100, freq="M")
        expected = matplotlib.dates.date2num(
            pd.period_range("2008-05", periods=2, freq="M").to_timestamp()
        )
    else:
        index = np.arange(200, 300)
        expected = [300, 301]
    display = ForecastDisplay.from_estimator(
        forecaster, pd.Series(SERIES[:100], index=index), steps=2
    )
    xdata = display.line_forecast_.get_xdata()
    if kind == "period":
        xdata = matplotlib.dates.date2num(xdata)
    np.testing.assert_array_equal(xdata, expected)


def long_frame(names=("a", "b")):
    import pandas as pd

    dates = pd.date_range("2024-01-01", periods=100, freq="D")
    return pd.concat(
        [
            pd.DataFrame({"unique_id": name, "ds": dates, "y": SERIES[i : i + 100]})
            for i, name in enumerate(names)
        ]
    )


def test_from_estimator_draws_one_series_of_a_long_frame(forecaster):
    frame = long_frame()
    display = ForecastDisplay.from_estimator(forecaster, frame, steps=2, series_id="b")
    rows = frame[frame["unique_id"] == "b"]
    expected = forecaster.forecast(rows, 2)
    date2num = matplotlib.dates.date2num
    np.testing.assert_array_equal(
        date2num(display.line_forecast_.get_xdata()), date2num(expected["ds"])
    )
    np.testing.assert_array_equal(
        display.line_forecast_.get_ydata(), expected["forecast"].to_numpy()
    )
    np.testing.assert_array_equal(display.line_history_.get_ydata(), rows["y"])


def test_a_one_series_frame_needs_no_series_id_and_renamed_columns_work(forecaster):
    frame = long_frame(["only"]).rename(
        columns={"unique_id": "item", "ds": "day", "y": "sales"}
    )
    display = ForecastDisplay.from_estimator(
        forecaster, frame, steps=2, id_col="item", time_col="day", target_col="sales"
    )
    assert (
        matplotlib.dates.num2date(
            matplotlib.dates.date2num(display.line_forecast_.get_xdata()[0])
        ).strftime("%Y-%m-%d")
        == "2024-04-10"
    )


def test_style_kwargs_replace_the_defaults_aliases_included():
    display = ForecastDisplay.from_predictions(
        [1, 2],
        [3.0],
        forecast_kwargs={"c": "red", "label": "mine"},
        history_kwargs={"linewidth": 4},
    )
    assert display.line_forecast_.get_color() == "red"
    assert display.line_history_.get_linewidth() == 4
    assert "mine" in legend_texts(display.ax_)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"y_true": [1.0]}, ValueError, r"y_true must have one value per forecast "),
        (
            {"lower": [1.0, 2.0, 3.0], "upper": [1, 2]},
            ValueError,
            r"lower must have one value",
        ),
        ({"lower": [1.0, 2.0]}, ValueError, r"give both or neither, got lower=values"),
        (
            {"history": [[1.0, 2.0]]},
            ValueError,
            r"history must be 1-D; got an array of",
        ),
        ({"y_pred": [[1.0], [2.0]]}, ValueError, r"y_pred must be 1-D"),
        ({"history": ["a", "b"]}, TypeError, r"^history must hold real .*strings\.$"),
        ({"history": [[1.0], [2.0, 3.0]]}, ValueError, r"^history must be .*ragged"),
        ({"history": None}, TypeError, r"^history must be a 1-D .*; got None\.$"),
        ({"history": []}, ValueError, r"^history is empty: it must hold at least"),
        ({"history": [1.0, np.inf]}, ValueError, r"not contain infinity; found inf at"),
        (
            {"y_pred": [np.nan, 1.0]},
            ValueError,
            r"^y_pred must not contain NaN .*nan at",
        ),
        ({"y_pred": [True, False]}, TypeError, r"^y_pred must hold real .*booleans"),
        (
            {"lower": [1.0, 5.0], "upper": [2.0, 4.0]},
            ValueError,
            r"^lower must not exceed upper .*step 1, lower=5\.0 > upper=4\.0\.$",
        ),
        ({"coverage": 0.9}, ValueError, r"^coverage labels the prediction interval"),
        (
            {"lower": [1.0, 2.0], "upper": [4.0, 5.0], "coverage": 90},
            ValueError,
            r"^coverage must be in \(0, 1\); got 90\.0\. Give a fraction, not a "
            r"percentage: 0\.9 for 90%\.$",
        ),
        (
            {"lower": [1.0, 2.0], "upper": [4.0, 5.0], "coverage": "90%"},
            TypeError,
            r"^coverage must be a float in \(0, 1\); got '90%' of type str\.$",
        ),
        ({"index": "abcd"}, TypeError, r"^index must hold one x value .*; got 'abcd'"),
        ({"ax": "left"}, TypeError, r"^ax must be a matplotlib Axes or None; got 'l"),
        (
            {"forecast_kwargs": "red"},
            TypeError,
            r"^forecast_kwargs must be a dict of matplotlib properties or None",
        ),
        (
            {"history_kwargs": {"colour": "red"}},
            TypeError,
            r"^history_kwargs holds a property matplotlib refused: .*colour",
        ),
    ],
)
def test_from_predictions_errors(kwargs, error, match):
    args = {"history": [1.0, 2.0], "y_pred": [3.0, 4.0], **kwargs}
    with pytest.raises(error, match=match):
        ForecastDisplay.from_predictions(**args)


def test_missing_history_and_truth_are_gaps():
    display = ForecastDisplay.from_predictions([1.0, np.nan, 3.0], [4.0], [np.nan])
    assert np.isnan(display.line_history_.get_ydata()[1])


def test_a_figure_or_an_array_of_axes_is_not_an_ax():
    figure, axes = plt.subplots(1, 2)
    with pytest.raises(TypeError, match=r"got a Figure\. Pass its axes, e\.g\. fig"):
        ForecastDisplay.from_predictions([1.0], [2.0], ax=figure)
    with pytest.raises(TypeError, match=r"of shape \(2,\)\. Pass one of them, e\.g"):
        ForecastDisplay.from_predictions([1.0], [2.0], ax=axes)


def test_from_estimator_draws_the_estimators_forecast(forecaster):
    history, y_true = SERIES[:100], SERIES[100:107]
    display = ForecastDisplay.from_estimator(forecaster, history, y_true)
    expected = forecaster.forecast(history, 7)
    np.testing.assert_allclose(display.line_forecast_.get_ydata(), expected)
    assert display.line_forecast_.get_xdata().tolist() == list(range(100, 107))
    np.testing.assert_array_equal(display.line_actual_.get_ydata(), y_true)
    assert display.fill_interval_ is None


def test_from_estimator_draws_a_covariate_models_target_and_forecast():
    # Sales driven by a promotion known in advance: the model reads the future
    # promotions, which forecast_params passes on to forecast.
    rng = np.random.default_rng(0)
    promo = (rng.uniform(size=400) < 0.3).astype(float)
    series = np.column_stack([5 + 3 * promo + 0.1 * rng.standard_normal(400), promo])
    X, y = make_windows(series[:380], 12, horizon=4, future_covariates=[1])
    model = RNNForecaster(hidden_size=8, max_epochs=2, random_state=0).fit(X, y)
    future = series[380:386, 1:]
    display = ForecastDisplay.from_estimator(
        model, series[:380], series[380:386, 0], forecast_params={"future": future}
    )
    np.testing.assert_array_equal(display.line_history_.get_ydata(), series[:380, 0])
    np.testing.assert_allclose(
        display.line_forecast_.get_ydata(),
        model.forecast(series[:380], 6, future=future),
    )
    plt.close(display.figure_)


def test_from_estimator_steps_default_to_the_horizon(forecaster):
    display = ForecastDisplay.from_estimator(forecaster, SERIES[:30])
    assert len(display.line_forecast_.get_ydata()) == forecaster.horizon_ == 3
    assert display.line_actual_ is None
    display = ForecastDisplay.from_estimator(forecaster, SERIES[:30], steps=5)
    assert len(display.line_forecast_.get_ydata()) == 5


def test_from_estimator_with_coverage_draws_the_interval():
    estimator = IntervalForecaster().fit()
    history = [1.0, 2.0, 3.0]
    display = ForecastDisplay.from_estimator(
        estimator, history, [3.0, 3.5, 4.0], coverage=0.8, random_state=7
    )
    assert estimator.calls == [(3, 3, 0.8, 7)]
    vertices = display.fill_interval_.get_paths()[0].vertices
    assert vertices[:, 1].min() == pytest.approx(2.2)
    assert vertices[:, 1].max() == pytest.approx(3.8)
    assert "80% interval" in legend_texts(display.ax_)
    ForecastDisplay.from_estimator(estimator, history)
    assert estimator.calls[-1] == (3, 2, None, None)  # horizon_ steps, no interval


@pytest.mark.skipif(
    "quantiles" not in RNNForecaster().get_params(),
    reason="RNNForecaster has no quantiles (intervals) in this version.",
)
def test_from_estimator_draws_a_real_forecasters_interval():
    X, y = make_windows(SERIES[:100], window_length=10, horizon=3)
    model = RNNForecaster(**FAST, quantiles=(0.1, 0.5, 0.9)).fit(X, y)
    display = ForecastDisplay.from_estimator(
        model, SERIES[:100], steps=5, coverage=0.8, random_state=0
    )
    y_pred, lower, upper = model.forecast(SERIES[:100], 5, coverage=0.8, random_state=0)
    np.testing.assert_allclose(display.line_forecast_.get_ydata(), y_pred)
    vertices = display.fill_interval_.get_paths()[0].vertices
    np.testing.assert_allclose(vertices[1:6, 1], lower)
    np.testing.assert_allclose(vertices[7:12, 1], upper[::-1])


@pytest.mark.parametrize("shape", ["series", "long"])
def test_from_estimator_draws_a_dated_interval(shape):
    X, y = make_windows(SERIES[:60], window_length=10, horizon=3)
    model = RNNForecaster(
        hidden_size=4, max_epochs=2, random_state=0, quantiles=(0.1, 0.5, 0.9)
    ).fit(X, y)
    history = dated(SERIES[:60])
    if shape == "long":
        history = history.rename_axis("ds").reset_index(name="y").assign(unique_id=1)
    display = ForecastDisplay.from_estimator(
        model, history, steps=2, coverage=0.8, random_state=0
    )
    expected = matplotlib.dates.date2num(dated([0, 0], "2024-03-01").index)
    xdata = matplotlib.dates.date2num(display.line_forecast_.get_xdata())
    np.testing.assert_array_equal(xdata, expected)
    vertices = display.fill_interval_.get_paths()[0].vertices
    np.testing.assert_allclose(vertices[1:3, 0], expected)


def test_from_estimator_errors(forecaster):
    with pytest.raises(NotFittedError, match=r"^estimator must be a fitted forecas"):
        ForecastDisplay.from_estimator(RNNForecaster(), SERIES[:30])
    needs = r"^estimator must be a fitted forecaster with a forecast\(history, steps\)"
    regression = LinearRegression().fit(np.zeros((3, 2)), np.zeros(3))
    with pytest.raises(TypeError, match=needs + r".*; got a LinearRegression, which"):
        ForecastDisplay.from_estimator(regression, SERIES[:30])
    with pytest.raises(TypeError, match=needs + r".*; got None\.$"):
        ForecastDisplay.from_estimator(None, SERIES[:30])
    with pytest.raises(TypeError, match=r"got the class RNNForecaster, not one\.$"):
        ForecastDisplay.from_estimator(RNNForecaster, SERIES[:30])
    no_horizon = IntervalForecaster().fit()
    del no_horizon.horizon_
    no_horizon.fitted_ = True
    with pytest.raises(TypeError, match=r"has no horizon_, .*: pass steps\.$"):
        ForecastDisplay.from_estimator(no_horizon, [1.0, 2.0])
    ForecastDisplay.from_estimator(no_horizon, [1.0, 2.0], steps=2)
    with pytest.raises(
        ValueError, match=r"^history must not contain NaN or infinity; found"
    ):
        ForecastDisplay.from_estimator(forecaster, np.r_[SERIES[:29], np.nan])
    with pytest.raises(TypeError, match=r"^steps must be an integer, got Tr"):
        ForecastDisplay.from_estimator(forecaster, SERIES[:30], steps=True)
    with pytest.raises(TypeError, match=r"^ax must be a matplotlib Axes"):
        ForecastDisplay.from_estimator(forecaster, SERIES[:30], ax=0)
    with pytest.raises(ValueError, match=r"y_true must have one value per forecast"):
        ForecastDisplay.from_estimator(forecaster, SERIES[:30], [1.0, 2.0], steps=4)
    with pytest.raises(
        ValueError, match=r"history must be 1-D; got an array of shape \(2, 15\)"
    ):
        ForecastDisplay.from_estimator(forecaster, SERIES[:30].reshape(2, 15))


# --- TrainingCurveDisplay -----------------------------------------------------------


def test_training_curve_from_an_early_stopped_estimator(forecaster):
    display = TrainingCurveDisplay.from_estimator(forecaster)
    history = forecaster.history_
    n = forecaster.n_iter_
    assert display.line_train_.get_xdata().tolist() == list(range(1, n + 1))
    assert display.line_train_.get_ydata().tolist() == forecaster.loss_curve_
    np.testing.assert_array_equal(
        display.line_valid_.get_ydata(), history[:, "valid_loss"]
    )
    kept = [row["epoch"] for row in history if row.get("event_best")]
    assert display.best_epoch == kept[-1]
    assert display.line_best_.get_xdata() == [kept[-1], kept[-1]]
    assert legend_texts(display.ax_) == [
        "training loss",
        "validation loss",
        f"weights kept (epoch {kept[-1]})",
    ]
    assert (display.ax_.get_xlabel(), display.ax_.get_ylabel()) == ("Epoch", "Loss")


def test_training_curve_without_validation_on_given_axes():
    X, y = make_windows(SERIES, window_length=10)
    model = RNNForecaster(**FAST).fit(X, y)
    _, ax = plt.subplots()
    display = TrainingCurveDisplay.from_estimator(model, ax=ax)
    assert display.ax_ is ax and display.figure_ is ax.figure
    assert display.line_valid_ is None and display.line_best_ is None
    assert len(ax.get_lines()) == 1


def test_a_diverged_loss_is_drawn_as_a_gap():
    display = TrainingCurveDisplay.from_history(
        [{"train_loss": 1.0}, {"train_loss": float("nan")}, {"train_loss": np.inf}]
    )
    assert display.line_train_.get_ydata()[0] == 1.0


def test_training_curve_from_a_plain_history():
    history = [
        {"train_loss": 3.0},
        {"train_loss": 2.0, "valid_loss": 2.5},
        {"train_loss": 1.0, "valid_loss": 2.0},
    ]
    display = TrainingCurveDisplay.from_history(history, valid_kwargs={"c": "k"})
    assert display.line_train_.get_xdata().tolist() == [1, 2, 3]
    valid = display.line_valid_.get_ydata()
    assert np.isnan(valid[0]) and valid[1:].tolist() == [2.5, 2.0]
    assert display.line_valid_.get_color() == "k"
    assert display.line_best_ is None
    # Three epochs: ticks at whole epochs only, never 1.5.
    display.figure_.canvas.draw()
    ticks = display.ax_.get_xticks()
    assert len(ticks) and np.all(ticks == np.round(ticks))


@pytest.mark.parametrize(
    "history, error, match",
    [
        ([], ValueError, r"history holds no epoch"),
        ([{"train_loss": 1.0}, {"epoch": 2}], ValueError, r"item 1 has only \['epo"),
        ([0.5], TypeError, r"one dict per epoch; item 0 is a float"),
        (
            None,
            TypeError,
            r"^history must be a skorch History or a list of dicts.*None",
        ),
        ({"train_loss": 1.0}, TypeError, r"list of dicts, one per epoch; got a dict"),
        ([{"train_loss": "a"}], TypeError, r"^history item 0: 'train_loss' must be a "),
        ([{"train_loss": 1.0, "epoch": 1.5}], TypeError, r"'epoch' must be an integ"),
        (
            [{"train_loss": 1.0}, {"train_loss": 1.0, "valid_loss": [2.0]}],
            TypeError,
            r"^history item 1: 'valid_loss' must be a number; got a list\.$",
        ),
    ],
)
def test_training_curve_history_errors(history, error, match):
    with pytest.raises(error, match=match):
        TrainingCurveDisplay.from_history(history)


def test_training_curve_errors():
    needs = r"^estimator must be a fitted sklearn_rnn estimator with a history_"
    with pytest.raises(NotFittedError, match=needs + r".*RNNForecaster is not fitted"):
        TrainingCurveDisplay.from_estimator(RNNForecaster())
    regression = LinearRegression().fit(np.zeros((3, 2)), np.zeros(3))
    with pytest.raises(TypeError, match=needs + r".*LinearRegression records no"):
        TrainingCurveDisplay.from_estimator(regression)
    with pytest.raises(TypeError, match=needs + r".*got a list\. .*from_history"):
        TrainingCurveDisplay.from_estimator([{"train_loss": 1.0}])
    display = TrainingCurveDisplay(epochs=[1, 2], train_loss=[1.0, 2.0], best_epoch=3)
    with pytest.raises(ValueError, match=r"^best_epoch must be one of the epochs \(1 "):
        display.plot()
    display = TrainingCurveDisplay(
        epochs=[1, 2], train_loss=[1.0, 2.0], best_epoch=True
    )
    with pytest.raises(TypeError, match=r"^best_epoch must be an integer epoch or N"):
        display.plot()
    display = TrainingCurveDisplay(epochs=[1, np.nan], train_loss=[1.0, 2.0])
    with pytest.raises(
        ValueError, match=r"^epochs must not contain NaN or infinity; found n"
    ):
        display.plot()
    with pytest.raises(TypeError, match=r"^train_kwargs must be a dict"):
        TrainingCurveDisplay(epochs=[1], train_loss=[1.0]).plot(train_kwargs=["r"])
    display = TrainingCurveDisplay(epochs=[1, 2], train_loss=[1.0], valid_loss=None)
    with pytest.raises(ValueError, match=r"train_loss must have one value per epoch"):
        display.plot()


# --- matplotlib is optional ---------------------------------------------------------


def test_the_displays_import_without_matplotlib():
    code = (
        "import sys; sys.modules['matplotlib'] = None; "
        "from sklearn_rnn.plotting import ForecastDisplay; print('imported')"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True)
    assert result.stdout.decode().strip() == "imported", result.stderr.decode()


@pytest.mark.parametrize(
    "draw, caller",
    [
        (lambda: ForecastDisplay.from_predictions([1], [2]), "from_predictions"),
        (lambda: TrainingCurveDisplay.from_history([{}]), "from_history"),
        (lambda: ForecastDisplay(history=[1], y_pred=[2]).plot(), "plot"),
    ],
)
def test_a_missing_matplotlib_says_how_to_install_it(monkeypatch, draw, caller):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match=rf"\.{caller} requires matplotlib.*\[plot\]"):
        draw()
