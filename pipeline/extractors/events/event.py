"""The event record the stages pass along, and the event-type groups their rules share."""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

SYMMETRIC = {"MEETING": "PARTICIPANT", "CALL": "PARTICIPANT", "AGREEMENT": "PARTNER", "PARTNERSHIP": "PARTNER"}
PARTNER_TYPES = {"AGREEMENT", "PARTNERSHIP", "DEAL", "INVESTMENT"}
TRANSACTIONS = PARTNER_TYPES
SIDE_ROLES = ("AGENT", "PARTICIPANT", "PARTNER")


@dataclass
class Event:
    type: str
    trigger: Token  # the word that names the event
    pred: Token  # where arguments hang: the verb, or the noun itself
    noun: Token | None  # nominal trigger, if any
    voice: str
    args: list = field(default_factory=list)  # (role, Token, Mention | None)
    date: object = None
    date_inherited: bool = False
    location: object = None
    is_backref: bool = False
    score: float | None = None  # the trigger model's probability for the trigger word
    arg_scores: dict = field(default_factory=dict)  # (role, token index) -> argument model probability
    frame: bool = False  # "церемония" of "церемония подписания": tells the event, does not name it
