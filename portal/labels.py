"""Choice labels for a page of rows, translated once per page."""


def choice_labels(choices) -> dict:
    """Return a ``TextChoices``' labels in the active language by value.

    A model's ``get_FOO_display`` hashes every (lazy) label of the field's choices on each call, translating
    each one: on a list of rows that is most of a page's work. Read a page's labels from this instead.
    """
    return {value: str(label) for value, label in choices.choices}
