"""Error types survive a trip through pickle (errors raised in spawned worker processes)."""

import multiprocessing
import pickle

import pytest

from raphe.errors import RapheInputError, UnknownNameError


def _raise_unknown_name():
    raise UnknownNameError("drug", "sertralin", ["sertraline", "citalopram"])


@pytest.mark.parametrize("error", [
    RapheInputError("pharmacology.dose", "ten", "a dose in mg/kg, e.g. '10 mg/kg'"),
    UnknownNameError("drug", "sertralin", ["sertraline", "citalopram"]),
])
def test_input_errors_pickle_with_their_fields_and_message(error):
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is type(error)
    assert (back.field, back.value, back.expected) == (error.field, error.value, error.expected)
    assert str(back) == str(error)


def test_unknown_name_raised_in_a_spawned_worker_reaches_the_parent_intact():
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(1) as pool:
        with pytest.raises(UnknownNameError) as info:
            # an error that cannot be unpickled kills the pool's result thread: no answer
            pool.apply_async(_raise_unknown_name).get(timeout=60)
    assert info.value.field == "drug"
    assert info.value.valid == ["citalopram", "sertraline"]
    assert str(info.value) == ("drug: got 'sertralin'; expected one of: citalopram, sertraline "
                               "(did you mean 'sertraline'?)")
