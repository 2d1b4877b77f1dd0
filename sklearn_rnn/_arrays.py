"""Array input checks shared by windowing, the metrics and the displays.

Every error names the argument, says what was expected and what was received (the
scalar checks and the wording helpers are :mod:`sklearn_rnn._validation`'s). Only
numpy is imported: pandas objects and scipy sparse input are recognised by their
attributes.
"""

from collections.abc import Mapping, Set

import numpy as np

from ._validation import _KINDS, _got, _is_real, describe

__all__ = ["as_array", "check_finite", "explain_rejection", "real_array"]


def _is_sparse(values):
    # scipy.sparse matrices and arrays, recognised without importing scipy.
    return hasattr(values, "tocsr") and hasattr(values, "nnz")


def _is_categorical(values):
    # np.asarray of a pandas categorical silently gives its categories' values.
    if str(getattr(values, "dtype", "")) == "category":
        return True
    return hasattr(values, "columns") and any(
        str(dtype) == "category" for dtype in values.dtypes
    )


def _as_array(values, name, expected):
    # A scipy dok matrix is a dict; the callers name sparse input themselves.
    refused = (str, bytes, Mapping, Set)
    if values is None or isinstance(values, refused) and not _is_sparse(values):
        raise TypeError(f"{name} must be {expected}; got {describe(values)}.")
    if _is_categorical(values):
        raise TypeError(
            f"{name} must hold real numbers, not pandas categories; convert them "
            "with .astype(float) if the categories are numbers."
        )
    try:
        # The input itself for an array, a view of most pandas objects' data.
        return np.asarray(values)
    except (TypeError, ValueError):
        raise ValueError(
            f"{name} must be {expected}; got a ragged nested sequence (rows of "
            "different lengths)."
        ) from None


def as_array(values, name, shapes):
    """``np.asarray(values)`` (no copy of an ndarray), or an error naming ``name``.

    None, a str, bytes, a dict or a set, pandas categories and a ragged nested
    sequence are refused; the dtype and the shape are not checked.

    Parameters
    ----------
    values : array-like
        The received value.
    name, shapes : str
        The argument's name and the shapes expected, for the messages.

    Returns
    -------
    array : ndarray

    Examples
    --------
    >>> as_array([[1, 2], [3]], "X", "(n_samples, n_features)")
    Traceback (most recent call last):
    ...
    ValueError: X must be an array-like of shape (n_samples, n_features); got a \
ragged nested sequence (rows of different lengths).
    """
    return _as_array(values, name, f"an array-like of shape {shapes}")


def _index(position):
    return position[0] if len(position) == 1 else position


def check_finite(array, name, *, allow_nan=False, allow_inf=False):
    """Refuse NaN or infinity in a numeric array, naming the first one's position.

    Parameters
    ----------
    array : ndarray
        A numeric array; only a floating one can hold NaN or infinity.
    name : str
        The argument's name, for the messages.
    allow_nan, allow_inf : bool, default=False
        Accept NaN (a missing value), infinity.

    Examples
    --------
    >>> import numpy as np
    >>> check_finite(np.array([[1.0, 2.0], [np.inf, 3.0]]), "X")
    Traceback (most recent call last):
    ...
    ValueError: X must not contain NaN or infinity; found inf at index (1, 0).
    """
    if array.dtype.kind != "f" or (allow_nan and allow_inf):
        return
    # A finite sum proves every value finite without allocating a mask of the
    # array's size; only a non-finite sum (NaN/inf, or overflow) needs the full test.
    with np.errstate(over="ignore", invalid="ignore"):
        if np.isfinite(array.sum()):
            return
    if allow_nan:
        bad, what = np.isinf(array), "infinity"
    elif allow_inf:
        bad, what = np.isnan(array), "NaN"
    else:
        bad, what = ~np.isfinite(array), "NaN or infinity"
    if not bad.any():
        return
    first = tuple(int(i) for i in np.argwhere(bad)[0])
    at = f" at index {_index(first)!r}" if first else ""
    raise ValueError(
        f"{name} must not contain {what}; found {float(array[first])!r}{at}."
    )


def _dims(ndims):
    return " or ".join(f"{n}-D" for n in ndims) if ndims else ""


def explain_rejection(values, exc, name, ndims, shapes, hint=""):
    """The error to raise, ``from None``, when ``validate_data`` refused ``values``.

    Our words, keeping those scikit-learn's estimator checks look for: ``Complex
    data not supported``, numpy's on an object array, scikit-learn's own on sparse
    or empty input.

    Parameters
    ----------
    values : object
        What was passed to ``validate_data``.
    exc : TypeError or ValueError
        What ``validate_data`` raised.
    name : str
        The argument's name, for the messages.
    ndims : tuple of int
        The numbers of dimensions allowed.
    shapes : str
        The shapes expected, e.g. ``"(n_samples, n_features)"``.
    hint : str, default=""
        Appended to the message on a wrong number of dimensions.

    Returns
    -------
    error : TypeError or ValueError

    Examples
    --------
    >>> explain_rejection([1.0, 2.0], ValueError("Expected 2D array"), "X", (2,),
    ...                   "(n_samples, n_features)")
    ValueError('X must be 2-D (n_samples, n_features); got an array of shape (2,).')
    """
    if _is_sparse(values):
        return exc  # scikit-learn's message names the input and says to densify it
    try:
        arr = as_array(values, name, shapes)
    except (TypeError, ValueError) as error:
        return error
    kind = arr.dtype.kind
    if kind == "c":
        return ValueError(f"Complex data not supported: {name} must hold real numbers.")
    if kind in "USmMOV":  # on a dict in an object array, they expect numpy's words
        detail = f": {exc}" if kind == "O" else "."
        return TypeError(f"{name} must hold real numbers; got {_KINDS[kind]}{detail}")
    if arr.ndim not in ndims:
        return ValueError(
            f"{name} must be {_dims(ndims)} {shapes}; got an array of shape "
            f"{arr.shape}.{hint}"
        )
    if arr.size == 0:
        return ValueError(f"{name} is empty: {exc}")
    return exc if name in str(exc) else type(exc)(f"{name} is not valid: {exc}")


def _objects_as_float(array, name, expected):
    """An object array's values as float64, when they are all real numbers."""
    if array.ndim == 0:  # np.asarray of one object, e.g. np.array(None)
        raise TypeError(f"{name} must be {expected}; got {_got(array.item())}.")
    real = np.frompyfunc(_is_real, 1, 1)(array).astype(bool)
    if not real.all():
        first = tuple(int(i) for i in np.argwhere(~real)[0])
        raise TypeError(
            f"{name} must hold real numbers; got {_got(array[first])} at index "
            f"{_index(first)!r}."
        )
    return array.astype(np.float64)


def real_array(
    values,
    name,
    ndims,
    *,
    shapes=None,
    dtype=(np.float64, np.float32),
    allow_nan=False,
    allow_inf=False,
    allow_empty=False,
):
    """``values`` as an ndarray of finite real numbers, or an error naming ``name``.

    A TypeError for None, a str, a dict, sparse input, pandas categories, strings,
    complex numbers, booleans, datetimes or an object that is not a number; a
    ValueError for ragged rows, another number of dimensions, an empty array, NaN
    or infinity (naming where the first one is).

    Parameters
    ----------
    values : array-like
        Lists, ndarrays, pandas objects, object arrays of real numbers.
    name : str
        The argument's name, for the messages.
    ndims : tuple of int or None
        The numbers of dimensions allowed; None allows any.
    shapes : str or None, default=None
        The shapes expected, for the messages, e.g. ``"(n_timesteps,)"``.
    dtype : dtype, tuple of dtypes or None, default=(np.float64, np.float32)
        The result's dtype: kept when in the tuple, else the first one; None
        keeps any integer or floating dtype.
    allow_nan, allow_inf : bool, default=False
        Accept NaN (a missing value), infinity.
    allow_empty : bool, default=False
        Accept an array without values.

    Returns
    -------
    array : ndarray
        ``values`` itself when it is an ndarray of an accepted dtype.

    Examples
    --------
    >>> import numpy as np
    >>> real_array([[1, 2], [3, 4]], "X", (2,))
    array([[1., 2.],
           [3., 4.]])
    >>> real_array(np.zeros(3), "X", (2, 3), shapes="(n_samples, n_features)")
    Traceback (most recent call last):
    ...
    ValueError: X must be 2-D or 3-D (n_samples, n_features); got an array of \
shape (3,).
    """
    dims = _dims(ndims)
    if shapes:
        expected = f"an array-like of shape {shapes}"
    else:
        expected = f"a {dims} array-like" if dims else "an array-like"
    if _is_sparse(values):
        raise TypeError(
            f"{name} must be {expected}, not sparse; got {describe(values)}. "
            "Convert it to a dense array first."
        )
    array = _as_array(values, name, expected)
    if array.dtype.kind == "O":
        array = _objects_as_float(array, name, expected)
    elif array.dtype.kind not in "iuf":
        raise TypeError(f"{name} must hold real numbers; got {describe(array)}.")
    if ndims is not None and array.ndim not in ndims:
        raise ValueError(
            f"{name} must be {' '.join(filter(None, (dims, shapes)))}; got an array "
            f"of shape {array.shape}."
        )
    if array.size == 0 and not allow_empty:
        raise ValueError(
            f"{name} is empty: it must hold at least one value; got an array of "
            f"shape {array.shape}."
        )
    if dtype is not None:
        dtypes = [np.dtype(d) for d in (dtype if isinstance(dtype, tuple) else [dtype])]
        if array.dtype not in dtypes:
            array = array.astype(dtypes[0])
    check_finite(array, name, allow_nan=allow_nan, allow_inf=allow_inf)
    return array


def split_histories(history, series_ndim, shapes, series_shapes):
    """The series of ``history`` for ``forecast``, each checked, their names in
    messages, and whether ``history`` was one series.

    ``history`` is one series of ``series_ndim`` dimensions, a batch of them
    stacked (one more dimension), or a list of them (lengths may differ).

    Examples
    --------
    >>> series, names, single = split_histories([[1.0, 2.0], [3.0]], 1, "", "")
    >>> [s.tolist() for s in series], names, single
    ([[1.0, 2.0], [3.0]], ['history[0]', 'history[1]'], False)
    """
    if (
        isinstance(history, list | tuple)
        and history
        and np.ndim(history[0]) == series_ndim
    ):
        names = [f"history[{i}]" for i in range(len(history))]
        series = [
            real_array(h, name, (series_ndim,), shapes=series_shapes)
            for name, h in zip(names, history, strict=True)
        ]
        return series, names, False
    arr = real_array(history, "history", (series_ndim, series_ndim + 1), shapes=shapes)
    if arr.ndim == series_ndim:
        return [arr], ["history"], True
    return list(arr), [f"history[{i}]" for i in range(len(arr))], False
