"""What storing a new message may skip stays true of the model."""

from conversations.models import Message


def test_a_new_message_has_nothing_unique_to_validate_but_its_auto_key():
    """New messages skip unique and constraint checks: the model must give them none."""
    meta = Message._meta
    unique = [f.name for f in meta.local_concrete_fields if f.unique and f is not meta.auto_field]
    assert unique == []
    assert meta.unique_together == () and meta.constraints == []
