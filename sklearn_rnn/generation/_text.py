"""Character vocabularies and the truncated-BPTT layout of a corpus (numpy only).

Symbols: ids ``0 .. n_classes - 1`` are the training characters (``classes_``,
sorted by code point), ``n_classes`` is the unknown slot (any character unseen at
fit time) and ``n_classes + 1`` the start symbol that precedes every document, so
that even a document's first character is predicted from a defined state.
"""

import numpy as np

from .._training.spec import IGNORE


def check_documents(X, name="X"):
    """Return ``X`` as a list of strings, or raise a clear error.

    A single string is one document; a list or tuple holds documents. Empty
    documents are allowed in a list (they hold no character to learn), but not
    only empty ones.
    """
    if isinstance(X, str):
        docs = [X]
    elif isinstance(X, list | tuple):
        docs = list(X)
    else:
        raise TypeError(
            f"{name} must be a string or a list of strings (documents), got "
            f"{type(X).__name__}."
        )
    for i, doc in enumerate(docs):
        if not isinstance(doc, str):
            raise TypeError(
                f"{name} must hold strings; document {i} is a {type(doc).__name__}: "
                f"{doc!r:.50}."
            )
    if sum(map(len, docs)) == 0:
        raise ValueError(
            f"{name} holds no characters: got {len(docs)} empty document(s). "
            "Pass a non-empty string or a list with at least one non-empty string."
        )
    return docs


def code_points(text):
    """The Unicode code points of ``text`` as a uint32 array (no Python loop)."""
    # surrogatepass: text read with errors="surrogateescape" keeps its lone
    # surrogates as (unusual) characters instead of failing to encode.
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def fit_vocabulary(docs):
    """Sorted array of the distinct characters' code points of ``docs``."""
    return np.unique(np.concatenate([np.unique(code_points(d)) for d in docs]))


def encode(text, vocabulary):
    """Map ``text`` to ids; characters outside ``vocabulary`` get the unknown id."""
    cps = code_points(text)
    n_classes = len(vocabulary)
    pos = np.searchsorted(vocabulary, cps)
    found = vocabulary[np.minimum(pos, n_classes - 1)] == cps
    return np.where(found, pos, n_classes).astype(np.int64)


def sample(logits, uniform, temperature=1.0, top_k=None):
    """Draw one id from ``softmax(logits / temperature)`` by inverse CDF.

    ``uniform`` in [0, 1) is the random draw; ``top_k`` keeps only the ``top_k``
    largest logits. For one draw among a few dozen symbols, numpy costs less than
    torch's kernels and their dispatch.

    Examples
    --------
    >>> sample(np.array([0.0, 10.0, 0.0]), uniform=0.5)
    1
    """
    z = logits / temperature
    if top_k is not None and top_k < len(z):
        z[z < np.partition(z, -top_k)[-top_k]] = -np.inf
    cdf = np.cumsum(np.exp(z - z.max()))
    return int(min(np.searchsorted(cdf, uniform * cdf[-1], "right"), len(z) - 1))


def tbptt_layout(docs_ids, seq_length, n_streams, start_id):
    """Cut encoded documents into contiguous streams read in chunks.

    Each document becomes inputs ``[start] + ids[:-1]`` and targets ``ids``, cut
    into chunks of ``seq_length`` (the last one padded with ``IGNORE`` targets, so
    that padding never enters the loss). The chunks, in document order, are dealt
    into ``n_streams`` contiguous streams; batch ``k`` holds chunk ``k`` of every
    stream, so carrying the recurrent state from one batch to the next follows each
    stream's text. A chunk that starts a document or a stream is flagged ``reset``:
    the state is zeroed before it.

    Returns
    -------
    inputs, targets : ndarray of shape (n_batches * n_streams, seq_length)
    reset : ndarray of shape (n_batches * n_streams,), bool
    n_streams : int
        The number of streams used (at most the number of chunks).
    """
    chunks_in, chunks_out, starts = [], [], []
    for ids in docs_ids:
        if len(ids) == 0:
            continue
        n_chunks = -(-len(ids) // seq_length)
        inputs = np.full(n_chunks * seq_length, start_id, dtype=np.int64)
        targets = np.full(n_chunks * seq_length, IGNORE, dtype=np.int64)
        inputs[1 : len(ids)] = ids[:-1]
        targets[: len(ids)] = ids
        chunks_in.append(inputs.reshape(n_chunks, seq_length))
        chunks_out.append(targets.reshape(n_chunks, seq_length))
        first = np.zeros(n_chunks, dtype=bool)
        first[0] = True
        starts.append(first)
    inputs, targets = np.concatenate(chunks_in), np.concatenate(chunks_out)
    reset = np.concatenate(starts)
    n_chunks = len(inputs)
    n_streams = min(n_streams, n_chunks)
    per_stream = -(-n_chunks // n_streams)
    n_pad = per_stream * n_streams - n_chunks
    if n_pad:
        inputs = np.concatenate([inputs, np.full((n_pad, seq_length), start_id)])
        targets = np.concatenate([targets, np.full((n_pad, seq_length), IGNORE)])
        reset = np.concatenate([reset, np.ones(n_pad, dtype=bool)])
    reset = reset.reshape(n_streams, per_stream).copy()
    reset[:, 0] = True
    reset = reset.ravel()

    def interleave(a):
        # (stream, chunk, ...) -> (chunk, stream, ...) -> rows chunk-major
        a = a.reshape(n_streams, per_stream, *a.shape[1:]).swapaxes(0, 1)
        return np.ascontiguousarray(a).reshape(n_streams * per_stream, *a.shape[2:])

    return interleave(inputs), interleave(targets), interleave(reset), n_streams
