"""Learned event triggers and event/role arguments (trained on NEREL relations; see docs/models.md)."""
