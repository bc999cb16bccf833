"""Roles (person – position – organisation) and events with their arguments.

Importing the package registers two extractors: ``roles`` (table ``roles``) and ``events``
(tables ``events`` and ``event_arguments``).
"""
from . import events, roles  # noqa: F401
