"""The bad-input table: every public entry point refuses bad input clearly.

Each case (see ``tests/_bad_inputs.py``) calls an entry point with one bad
argument; the call must raise the given exception with a message matching the
case's pattern, and the message must read as ours: no numpy repr such as
``np.float64(nan)``. ``test_every_entry_point_has_cases`` fails when a public
function or method has no case, so a new one cannot land without its table.
"""

import importlib
import pathlib
import re

import pytest
from _bad_inputs import EXEMPT, entry_points

_AREAS = sorted(path.stem for path in pathlib.Path(__file__).parent.glob("_bad_*.py"))
_AREAS.remove("_bad_inputs")
CASES = [case for area in _AREAS for case in importlib.import_module(area).CASES]
# Reprs that mean a value reached the message unformatted.
_NUMPY_REPR = re.compile(r"\bnp\.(float|int|uint|bool|str)\w*\(|array\(")


def test_every_entry_point_has_cases():
    covered = {case.entry for case in CASES}
    missing = [name for name in entry_points() if name not in covered]
    assert not missing, f"public entry points without bad-input cases: {missing}"


def test_cases_name_real_entry_points():
    known = set(entry_points()) | set(EXEMPT)
    unknown = sorted({case.entry for case in CASES} - known)
    assert not unknown, f"cases for entry points that do not exist: {unknown}"


@pytest.mark.parametrize(
    "case", CASES, ids=[f"{case.entry}: {case.id}" for case in CASES]
)
def test_bad_input(case):
    with pytest.raises(case.error, match=case.match) as info:
        case.call()
    message = str(info.value)
    assert not _NUMPY_REPR.search(message), f"numpy repr in message: {message}"
