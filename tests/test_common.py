"""scikit-learn's own estimator checks on RNNForecaster, with no expected failures.

SlidingWindowTransformer runs the same suite in ``test_windowing.py``, where its two
inherently inapplicable checks (row order and subsets: each output row is built from
the rows before it) are listed with their reason.
"""

from sklearn.utils.estimator_checks import parametrize_with_checks

from sklearn_rnn import RNNForecaster

# Small and quick, but able to learn the checks' regression problems (R2 > 0.5).
FAST_FORECASTER = RNNForecaster(
    hidden_size=16, max_epochs=40, batch_size=32, lr=0.01, random_state=0
)


@parametrize_with_checks([FAST_FORECASTER])
def test_sklearn_compatible_estimator(estimator, check):
    check(estimator)
