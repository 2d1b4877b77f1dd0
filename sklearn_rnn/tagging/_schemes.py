"""Span tag schemes (BIO, IOB1, BIOES): which tag may follow which (numpy only).

A span scheme tags each token ``O`` (outside every span) or ``<prefix>-<type>``:

* ``"bio"`` (IOB2, CoNLL 2003 as usually distributed): ``B-`` begins a span,
  ``I-`` continues it, so ``I-X`` may only follow ``B-X`` or ``I-X``;
* ``"iob1"`` (CoNLL 2003 as first released): ``I-`` also begins a span; ``B-X``
  only separates two adjacent spans of type X, so it may only follow ``B-X`` or
  ``I-X``;
* ``"bioes"`` (also written BILOU: ``L-``, ``U-``): ``E-`` ends a span of several
  tokens, ``S-`` is a span of one; after ``B-X`` or ``I-X`` only ``I-X`` or
  ``E-X``, a sentence never ends inside a span.

A tag set that is not of this form (parts of speech) has no scheme: every
transition is allowed.
"""

import warnings

import numpy as np

SCHEMES = ("bio", "iob1", "bioes")
_PREFIXES = {"B", "I", "E", "S", "L", "U"}
_BILOU = {"L": "E", "U": "S"}


def split_tag(tag):
    """``(prefix, type)`` of a span tag, ``("O", "")`` for ``O``, else None.

    Examples
    --------
    >>> split_tag("B-PER"), split_tag("O"), split_tag("NOUN")
    (('B', 'PER'), ('O', ''), None)
    """
    if tag == "O":
        return "O", ""
    prefix, sep, kind = tag.partition("-")
    if sep and prefix in _PREFIXES and kind:
        return _BILOU.get(prefix, prefix), kind
    return None


def detect_scheme(classes, tag_lists):
    """The scheme of a tag set, read off the tags and how the data use them.

    BIOES when ``E-``/``S-`` (or ``L-``/``U-``) tags occur; IOB1 when spans
    begin with ``I-`` (after ``O``, another type, or at a sentence's start) and
    ``B-`` never begins one; BIO otherwise; None when a tag is not ``O`` or
    ``<prefix>-<type>`` or no tag has a prefix.

    Examples
    --------
    >>> detect_scheme(["B-PER", "I-PER", "O"], [["B-PER", "I-PER", "O"]])
    'bio'
    >>> detect_scheme(["I-PER", "O"], [["O", "I-PER"]])
    'iob1'
    >>> detect_scheme(["B-X", "I-X", "O"], [["B-X", "I-X"], ["O", "I-X"]])
    'bio'
    >>> detect_scheme(["DET", "NOUN"], [["DET", "NOUN"]]) is None
    True
    """
    parts = [split_tag(str(tag)) for tag in classes]
    if any(p is None for p in parts) or all(p[0] == "O" for p in parts):
        return None
    if any(p[0] in "ES" for p in parts):
        return "bioes"
    # IOB1 when spans start with I- and B- never starts one (it only separates
    # two spans of one type); a few stray I- starts in data that start spans
    # with B- are BIO's errors, not another scheme.
    i_starts = b_starts = 0
    for tags in tag_lists:
        previous = ("O", "")
        for tag in tags:
            prefix, kind = split_tag(tag)
            continues = previous[0] in "BI" and previous[1] == kind
            i_starts += prefix == "I" and not continues
            b_starts += prefix == "B" and not continues
            previous = (prefix, kind)
    return "iob1" if i_starts and not b_starts else "bio"


def _may_follow(previous, current, scheme):
    """Whether tag ``current`` may follow ``previous`` (both ``(prefix, type)``;
    ``("^", "")`` is the sentence start, ``("$", "")`` its end)."""
    (p_prefix, p_kind), (c_prefix, c_kind) = previous, current
    inside = p_prefix in "BI" and p_kind  # a span goes on after previous
    if scheme == "bioes":
        if inside:
            return c_prefix in "IE" and c_kind == p_kind
        return c_prefix not in "IE"
    if scheme == "bio":
        return c_prefix != "I" or (inside and c_kind == p_kind)
    # iob1: B- only separates two adjacent spans of one type.
    return c_prefix != "B" or (inside and c_kind == p_kind)


def allowed_transitions(classes, scheme):
    """``(n_tags + 2, n_tags + 2)`` bool matrix: ``[i, j]`` is whether tag j may
    follow tag i; index ``n_tags`` is the sentence start, ``n_tags + 1`` its end.

    Examples
    --------
    >>> allowed = allowed_transitions(["B-X", "I-X", "O"], "bio")
    >>> bool(allowed[2, 1]), bool(allowed[0, 1]), bool(allowed[3, 1])  # O>I, B>I
    (False, True, False)
    """
    k = len(classes)
    allowed = np.ones((k + 2, k + 2), dtype=bool)
    if scheme is None:
        return allowed
    parts = [split_tag(str(tag)) for tag in classes]
    rows = [*parts, ("^", ""), None]
    cols = [*parts, None, ("$", "")]
    for i, previous in enumerate(rows):
        for j, current in enumerate(cols):
            if previous is None or current is None:
                allowed[i, j] = False  # into the start, out of the end
            elif current == ("$", ""):
                allowed[i, j] = scheme != "bioes" or not (
                    previous[0] in "BI" and previous[1]
                )
            else:
                allowed[i, j] = _may_follow(previous, current, scheme)
    allowed[k, k + 1] = False  # an empty sentence has no path
    return allowed


def resolve_scheme(tag_scheme, classes, y):
    """The span scheme the tags follow and its allowed transitions (or Nones).

    ``tag_scheme`` is :class:`~sklearn_rnn.SequenceTagger`'s parameter: "auto"
    detects it from the training tags ``y``, a given scheme is checked against
    ``classes``.

    Examples
    --------
    >>> scheme, allowed = resolve_scheme("auto", ["B-X", "O"], [["B-X", "O"]])
    >>> scheme, allowed.shape
    ('bio', (4, 4))
    """
    if tag_scheme == "auto":
        scheme = detect_scheme(classes, y)
    else:
        scheme = tag_scheme
        bad = [str(t) for t in classes if split_tag(str(t)) is None]
        if scheme is not None and bad:
            raise ValueError(
                f"tag_scheme={scheme!r} needs tags of the form 'O' or "
                f"'<prefix>-<type>', got {bad[:5]}; use tag_scheme=None for tags "
                "without spans."
            )
    if scheme is None:
        return None, None
    allowed = allowed_transitions(classes, scheme)
    if tag_scheme != "auto":
        _warn_if_broken(scheme, classes, allowed, y)
    return scheme, allowed


def _warn_if_broken(scheme, classes, allowed, y):
    """Warn when training sentences break a given scheme: ``predict`` will never
    emit what they show, and a CRF pays for each such gold transition."""
    index = {tag: i for i, tag in enumerate(map(str, classes))}
    start, end = len(classes), len(classes) + 1
    broken, example = 0, None
    for tags in y:
        path = [start, *(index[t] for t in tags), end] if tags else []
        for a, b in zip(path, path[1:], strict=False):
            if not allowed[a, b]:
                broken += 1
                example = example or tags
                break
    if broken:
        warnings.warn(
            f"{broken} training sentences break tag_scheme={scheme!r} (e.g. "
            f"{example[:8]}); predict never emits such transitions. Check the "
            "scheme, or use tag_scheme='auto'.",
            UserWarning,
            stacklevel=4,
        )
