"""Stage ``extractors``: entities, dates, roles and events from a parsed document.

``registry.EXTRACTORS`` is the one table of extractors; ``base`` holds what they share.
"""
