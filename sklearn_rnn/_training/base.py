"""What the three estimators share: parameters, their constraints, the fit template.

Subclasses declare their own ``__init__`` listing every parameter (scikit-learn
reads the signature), extend ``_parameter_constraints``, and write a public
``fit`` that validates its arguments and hands the data to :meth:`BaseRNN._fit`,
the template every estimator trains through::

    split (the time-ordered tail, when early stopping and no validation data)
    -> _fit_encoding(train)           learn encodings from the training part only
    -> _encode_fit(part, training)    the engine's inputs
    -> _training_spec(X, y)           what is trained, as data (spec.py)
    -> engine.train                   fitted attributes: net_, history_, ...

Inference goes through :meth:`BaseRNN._inference_module` and, for tensors of
windows, :meth:`BaseRNN._forward`, batched by ``batching.py``'s one policy.
"""

import copy
import inspect

import numpy as np
import torch
from sklearn.base import BaseEstimator
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import StrOptions

from .._constraints import count, real
from ..modules import CELLS
from ..modules._cells import CELL_PARAM_DOC
from . import engine
from .inference import forward
from .spec import TrainingParams
from .splits import tail_bounds

# Written once, pasted into each estimator's docstring (as imbalanced-learn does).
SHARED_PARAMS_DOC = (
    CELL_PARAM_DOC
    + """
    hidden_size : int, default={hidden_size}
        Number of features of the hidden state.
    num_layers : int, default={num_layers}
        Number of stacked recurrent layers.
    dropout : float in [0, 1), default={dropout}
        Dropout between stacked layers (ignored when ``num_layers == 1``).
    nonlinearity : {"tanh", "relu"}, default="tanh"
        Activation of ``cell="rnn"``; ignored by GRU and LSTM.
    max_epochs : int, default={max_epochs}
        Maximum number of passes over the training data. Interrupting ``fit``
        (Ctrl-C, ``KeyboardInterrupt``) ends training there and keeps the model
        trained so far, fitted and usable: with ``early_stopping=True`` the best
        weights seen until then are restored, otherwise the last weights are kept
        (including the updates of an epoch cut short, which is left out of
        ``history_``).
    batch_size : int, default={batch_size}
        Number of samples per gradient step.
    lr : float, default={lr}
        Learning rate. If training diverges (the loss of a batch becomes NaN or
        infinite), ``fit`` stops with a ValueError naming the epoch: lower ``lr``.
    optimizer : {"adam", "adamw", "sgd", "rmsprop"} or torch optimizer class, \
default="adam"
        The optimiser.
    weight_decay : float, default=0.0
        L2 penalty (decoupled for ``"adamw"``).
    clip_grad_norm : float or None, default=1.0
        Clip the gradient norm to this value before each step (recurrent nets are
        prone to exploding gradients); None disables clipping.
    early_stopping : bool, default=False
        Hold out the **last** ``validation_fraction`` of the samples (time order,
        never a random split), stop when their loss (for the tagger, their token
        accuracy) has not improved by ``tol`` for ``n_iter_no_change`` epochs, and
        restore the best weights. Without early stopping, training stops when the
        training loss stalls the same way, as in
        :class:`~sklearn.neural_network.MLPRegressor`.
    validation_fraction : float in (0, 1), default=0.1
        Share of the samples held out when ``early_stopping=True``.
    n_iter_no_change : int, default=10
        Number of epochs without improvement before stopping.
    tol : float, default=1e-4
        Minimum improvement of the monitored loss (or score) that counts.
    mixed_precision : {"bf16"} or None, default=None
        ``"bf16"`` runs the training forward passes under ``torch.autocast`` in
        bfloat16: matrix products and recurrent kernels in bfloat16, softmaxes
        and losses in float32. Weights, gradients and the optimiser stay
        float32, and validation and prediction run in full precision. Faster
        where the hardware computes in bfloat16: on a CPU with AVX-512 BF16,
        fits ran 1.3 (tagger), 1.4 (forecaster) and 1.9 (generator) times as
        fast, to the same losses to 3 or 4 digits; without such instructions
        torch falls back to slower kernels. On CUDA, autocast runs cuDNN's
        recurrent kernels in float16 whatever its dtype, so the loss is also
        scaled there (``torch.amp.GradScaler``) to keep small gradients from
        vanishing. None trains in float32.
    device : {"cpu", "cuda", "auto"}, default="cpu"
        Where to train and predict; ``"auto"`` picks CUDA when available. A model
        fitted on a GPU predicts on a CPU-only machine after unpickling.
    random_state : int, RandomState instance or None, default=None
        Seeds weight initialisation, shuffling and dropout. The same value, data
        and device give identical predictions (on CPU, bit for bit at the same
        torch thread count; different counts sum in a different order and differ
        by about 1e-6). Fitting never changes torch's global random state.
    verbose : int, default=0
        0 is silent; 1 prints skorch's table of losses, one row per epoch (on
        stdout); 2 also shows a tqdm progress bar over the batches of each epoch
        (on stderr).
    callbacks : list of skorch callbacks or None, default=None
        Extra skorch callbacks, passed through to the net (e.g.
        ``skorch.callbacks.LRScheduler``)."""
)


def with_shared_defaults(cls):
    """Class decorator: write ``cls``'s own defaults into its shared-parameter docs.

    ``SHARED_PARAMS_DOC`` holds ``{name}`` placeholders where the estimators'
    defaults differ; each estimator's docstring gets its ``__init__`` defaults.
    """
    defaults = inspect.signature(cls.__init__).parameters
    for name in (
        "hidden_size",
        "num_layers",
        "dropout",
        "max_epochs",
        "batch_size",
        "lr",
    ):
        cls.__doc__ = cls.__doc__.replace(
            "{" + name + "}", repr(defaults[name].default)
        )
    return cls


SHARED_ATTRIBUTES_DOC = """net_ : skorch.NeuralNet
        The trained skorch net; ``net_.module_`` is the torch module.
    history_ : skorch.History
        Per-epoch training record (losses, durations); with early stopping, the
        epochs whose weights were kept as the best so far have ``event_best``
        set, the last of them being the one restored. Plot it with
        :class:`~sklearn_rnn.plotting.TrainingCurveDisplay`.
    loss_curve_ : list of float
        Training loss at each epoch.
    n_iter_ : int
        Number of complete epochs run.
    device_ : str
        The device the model was trained on."""


class BaseRNN(BaseEstimator):
    """Shared parameters and the fit template of every recurrent estimator.

    Not for direct use: subclass it, implement ``_encode_fit`` and
    ``_training_spec`` (and the other hooks of :meth:`_fit` as needed), and call
    ``self._fit(data, validation)`` from ``fit``.
    """

    _parameter_constraints: dict = {
        "cell": [StrOptions(set(CELLS))],
        "hidden_size": [count(1)],
        "num_layers": [count(1)],
        "dropout": [real(0, 1, "left")],
        "nonlinearity": [StrOptions({"tanh", "relu"})],
        "max_epochs": [count(1)],
        "batch_size": [count(1)],
        "lr": [real(0, None, "neither")],
        "optimizer": [StrOptions(set(engine._OPTIMIZERS)), type],
        "weight_decay": [real(0, None, "left")],
        "clip_grad_norm": [real(0, None, "neither"), None],
        "early_stopping": ["boolean"],
        "validation_fraction": [real(0, 1, "neither")],
        "n_iter_no_change": [count(1)],
        "tol": [real(0, None, "left")],
        "mixed_precision": [StrOptions({"bf16"}), None],
        "device": [StrOptions({"cpu", "cuda", "auto"})],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
        "callbacks": [list, None],
    }

    def __init__(
        self,
        *,
        cell="lstm",
        hidden_size=32,
        num_layers=1,
        dropout=0.0,
        nonlinearity="tanh",
        max_epochs=100,
        batch_size=64,
        lr=0.005,
        optimizer="adam",
        weight_decay=0.0,
        clip_grad_norm=1.0,
        early_stopping=False,
        validation_fraction=0.1,
        n_iter_no_change=10,
        tol=1e-4,
        mixed_precision=None,
        device="cpu",
        random_state=None,
        verbose=0,
        callbacks=None,
    ):
        self.cell = cell
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.dropout = dropout
        self.nonlinearity = nonlinearity
        self.max_epochs = max_epochs
        self.batch_size = batch_size
        self.lr = lr
        self.optimizer = optimizer
        self.weight_decay = weight_decay
        self.clip_grad_norm = clip_grad_norm
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.tol = tol
        self.mixed_precision = mixed_precision
        self.device = device
        self.random_state = random_state
        self.verbose = verbose
        self.callbacks = callbacks

    def _core_kwargs(self):
        """Keyword arguments of :func:`~sklearn_rnn.modules.make_recurrent_core`."""
        return {
            "cell": self.cell,
            "hidden_size": self.hidden_size,
            "num_layers": self.num_layers,
            "dropout": self.dropout,
            "nonlinearity": self.nonlinearity,
        }

    def _training_params(self):
        """The shared training parameters, as the engine takes them."""
        names = TrainingParams.__dataclass_fields__
        return TrainingParams(**{name: getattr(self, name) for name in names})

    # -- the fit template ------------------------------------------------------
    def _fit(self, data, validation=None):
        """Train on ``data``, validated by the caller; return ``self``.

        ``data`` and ``validation`` are what the hooks below understand (by
        default, dicts of parallel sequences). Without ``validation`` and with
        ``early_stopping=True``, the last ``validation_fraction`` of ``data`` is
        held out (:meth:`_split`).
        """
        if validation is None and self.early_stopping:
            data, validation = self._split(data)
        self._fit_encoding(data)
        X, y = self._encode_fit(data, training=True)
        if validation is not None:
            validation = self._encode_fit(validation, training=False)
        self._train(self._training_spec(X, y), X, y, validation)
        self._end_fit()
        return self

    def _split(self, data):
        """``(train, validation)``: the tail of ``data``, in time order (one policy,
        :func:`~sklearn_rnn._training.splits.tail_bounds`)."""
        end, start = tail_bounds(
            self._n_items(data),
            self.validation_fraction,
            gap=self._validation_gap(),
            unit=self._split_unit(data),
        )
        return self._take(data, slice(None, end)), self._take(data, slice(start, None))

    def _split_unit(self, data):
        """What the items of ``data`` are called in the split's error message."""
        return "samples"

    def _n_items(self, data):
        """Number of items :meth:`_split` may hold out."""
        return len(next(v for v in data.values() if not isinstance(v, str)))

    def _take(self, data, index):
        """The items ``index`` of ``data`` (each sequence of it sliced)."""
        return {
            key: value if value is None or isinstance(value, str) else value[index]
            for key, value in data.items()
        }

    def _validation_gap(self):
        """Items left out between the training part and its held-out tail."""
        return 0

    def _fit_encoding(self, data):
        """Learn what encodes the data (scalers, vocabularies) from ``data``, the
        training part."""

    def _encode_fit(self, data, training):
        """``(X, y)`` for the engine from ``data`` (training) or validation data."""
        raise NotImplementedError

    def _training_spec(self, X, y):
        """The :class:`~sklearn_rnn._training.spec.TrainingSpec` of the encoded data."""
        raise NotImplementedError

    def _end_fit(self):
        """Anything to do once the net is trained."""

    def _train(self, spec, X, y, validation=None):
        """Seed, build and train the net of ``spec``; set the fitted attributes
        ``net_``, ``history_``, ``loss_curve_``, ``n_iter_`` and ``device_``."""
        self.device_ = engine.resolve_device(self.device)
        seed = check_random_state(self.random_state).randint(np.iinfo(np.int32).max)
        net = engine.train(
            spec,
            self._training_params(),
            X,
            y,
            validation=validation,
            device=self.device_,
            seed=seed,
        )
        self.net_ = net
        self.history_ = net.history
        self.loss_curve_ = [float(row["train_loss"]) for row in net.history]
        self.n_iter_ = len(net.history)

    # -- inference -------------------------------------------------------------
    # The dtype inference runs in on CPU. float32 matrix products give a sample
    # slightly different results (about 1e-7) depending on how many other samples
    # share its batch, and a prediction must not depend on what else is
    # predicted with it: float64 by default.
    _cpu_inference_dtype = torch.float64

    def _inference_module(self):
        """The trained module in eval mode: on CPU a copy in
        ``_cpu_inference_dtype``; on a GPU the module itself, in float32, for
        speed. Callers that predict repeatedly (a recursive forecast) make the
        copy once."""
        module = self.net_.module_
        if str(self.net_.device) == "cpu":
            module = copy.deepcopy(module).to(self._cpu_inference_dtype)
        return module.eval()

    def _forward(self, X, module=None):
        """Run ``module`` (default: :meth:`_inference_module`) over the windows
        ``X``, a tensor of shape ``(n_samples, n_timesteps, ...)``."""
        module = self._inference_module() if module is None else module
        return forward(module, X)
