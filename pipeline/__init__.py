"""rupress: entities, dates, roles and events from Russian press releases, as tables."""
__version__ = "0.1.0"
