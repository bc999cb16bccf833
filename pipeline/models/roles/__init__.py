"""The learned role scorer: person–profession and person/profession–organisation pairs (NEREL WORKS_AS, WORKPLACE)."""
