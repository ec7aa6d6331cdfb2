"""The one error a renderer raises."""


class RenderError(Exception):
    """A file could not be made; the message says why in plain English."""
