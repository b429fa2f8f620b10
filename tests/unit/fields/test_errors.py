from __future__ import annotations

import pytest

from knotty.fields import FieldError


def test_field_error_is_a_value_error_that_speaks_its_reason() -> None:
    err = FieldError("phone", "that phone number seems to be missing a digit")
    assert isinstance(err, ValueError)
    assert err.field == "phone"
    assert str(err) == err.reason == "that phone number seems to be missing a digit"


def test_field_error_can_be_caught_as_value_error() -> None:
    with pytest.raises(ValueError, match="missing"):
        raise FieldError("email", "the part before the at sign seems to be missing")
