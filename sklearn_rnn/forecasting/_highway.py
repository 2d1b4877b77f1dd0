"""The forecaster's linear highway, fitted in closed form before training.

:class:`~sklearn_rnn.modules.ForecastModule` adds a linear map of each window's
scaled past to its forecasts. :class:`RNNForecaster` does not leave that map to
gradient descent: before the first epoch it sets it to the ridge regression of
the scaled targets on the scaled windows, each horizon step's penalty chosen by
generalised cross-validation (Golub, Heath and Wahba, 1979), and keeps it fixed;
the recurrent core then learns what the linear forecast misses. A closed-form
start needs no epochs, which small series do not have, and a fixed one cannot
be pulled off by a core fitting noise.

Everything works from sums over the windows (Gram matrices, ``_CHUNK`` windows
at a time, in float64), so a panel of millions of windows costs one pass.
"""

import numpy as np
import torch

# Windows read at a time (float64 copies of 8,192 windows of 336 steps: 22 MB).
_CHUNK = 8_192

# Ridge penalties tried, relative to the mean eigenvalue of the windows' Gram
# matrix (a scale-free grid: from nearly least squares to nearly the mean).
_PENALTIES = np.logspace(-4, 2, 25)


def ridge_highway(A, Y, weight=None, weight_unit=1.0):
    """Ridge regression of ``Y`` on ``A`` with an intercept, each column's
    penalty chosen by generalised cross-validation.

    Parameters
    ----------
    A : tensor of shape (n, p)
        The scaled windows' past.
    Y : tensor of shape (n, h)
        Their scaled targets.
    weight : tensor of shape (n, h) or None
        Loss weight of each target. A window counts with its smallest weight, so
        that a window with a missing target (weight 0) is left out.
    weight_unit : float, default=1.0
        How many windows a weight of 1 stands for (``weight`` being normalised):
        cross-validation counts a window of weight ``w`` as ``w * weight_unit``
        windows, so that integer ``sample_weight`` acts as repeated windows.

    Returns
    -------
    coef : ndarray of shape (h, p)
        Zeros where too few windows count for cross-validation to choose a
        penalty (the forecast is then the intercept, the targets' mean).
    intercept : ndarray of shape (h,)
        Zeros too where no window counts.

    Examples
    --------
    >>> import numpy as np
    >>> import torch
    >>> A = torch.randn(200, 3, dtype=torch.float64)
    >>> Y = A @ torch.tensor([[1.0], [0.0], [-2.0]], dtype=torch.float64) + 0.5
    >>> coef, intercept = ridge_highway(A, Y)
    >>> np.allclose(coef, [[1.0, 0.0, -2.0]], atol=1e-3), np.allclose(intercept, 0.5)
    (True, True)
    """
    n, p = A.shape
    h = Y.shape[1]
    total, sum_a, sum_y = 0.0, np.zeros(p), np.zeros(h)
    gram, cross, squares = np.zeros((p, p)), np.zeros((p, h)), np.zeros(h)
    for start in range(0, n, _CHUNK):
        a = A[start : start + _CHUNK].detach().cpu().double().numpy()
        y = Y[start : start + _CHUNK].detach().cpu().double().numpy()
        w = np.ones(len(a))
        if weight is not None:
            w = weight[start : start + _CHUNK].detach().cpu().double()
            w = w.amin(dim=1).numpy()
        wa = a * w[:, None]
        total += w.sum()
        sum_a += wa.sum(axis=0)
        sum_y += w @ y
        gram += wa.T @ a
        cross += wa.T @ y
        squares += w @ np.square(y)
    if not total > 0:
        return np.zeros((h, p)), np.zeros(h)
    mean_a, mean_y = sum_a / total, sum_y / total
    gram -= total * np.outer(mean_a, mean_a)
    cross -= total * np.outer(mean_a, mean_y)
    squares -= total * np.square(mean_y)
    coef = _gcv_solve(gram, cross, squares, total * weight_unit)
    return coef.T, mean_y - mean_a @ coef


def _gcv_solve(gram, cross, squares, n_windows):
    """Coefficients ``(p, h)`` of the centred ridge problem, column by column at
    the grid penalty of least generalised cross-validation error."""
    eigenvalues, vectors = np.linalg.eigh(gram)
    eigenvalues = np.maximum(eigenvalues, 0.0)
    z = vectors.T @ cross  # (p, h)
    mean_eigenvalue = eigenvalues.mean()
    coef = np.zeros_like(cross)
    if not mean_eigenvalue > 0:  # the windows' past is constant: no regression
        return coef
    best = np.full(cross.shape[1], np.inf)
    for penalty in _PENALTIES * mean_eigenvalue:
        shrink = eigenvalues + penalty
        # Residual sum of squares from the sums: |y|^2 - sum z^2 (e + 2l)/(e + l)^2.
        rss = squares - (
            np.square(z) * ((eigenvalues + 2 * penalty) / shrink**2)[:, None]
        ).sum(axis=0)
        dof = (eigenvalues / shrink).sum() + 1  # the intercept's too
        if dof >= n_windows:
            continue
        gcv = np.maximum(rss, 0.0) / (1 - dof / n_windows) ** 2
        better = gcv < best
        best[better] = gcv[better]
        coef[:, better] = vectors @ (z[:, better] / shrink[:, None])
    return coef


def set_highway(module, X, y, weight_unit=1.0):
    """Set ``module``'s highway (if it has one) to :func:`ridge_highway` of the
    encoded windows ``X`` ``(n, n_timesteps, n_features)`` and targets ``y``: a
    tensor ``(n, horizon)``, or a pair ``(targets, weights)`` as
    :class:`~sklearn_rnn.modules.ForecastLoss` takes it. :class:`RNNForecaster`
    calls it before the first epoch.

    Examples
    --------
    >>> import torch
    >>> from sklearn_rnn.modules import ForecastModule
    >>> module = ForecastModule(input_size=1, horizon=1, past_steps=4)
    >>> X = torch.randn(50, 4, 1)
    >>> set_highway(module, X, X[:, -1, :])  # the last value
    >>> torch.allclose(module.highway.weight, torch.tensor([[0.0, 0, 0, 1]]), atol=1e-3)
    True
    """
    highway = module.highway
    if highway is None:
        return
    weight = None
    if isinstance(y, tuple | list):
        y, weight = y
    end = X.shape[1] - module.future_steps
    past = X[:, end - module.past_steps : end, 0]
    coef, intercept = ridge_highway(past, y, weight, weight_unit)
    with torch.no_grad():
        highway.weight.copy_(torch.from_numpy(coef).to(highway.weight))
        highway.bias.copy_(torch.from_numpy(intercept).to(highway.bias))
