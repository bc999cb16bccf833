"""Every table declared once: its columns, dtypes, fixed category sets, id pattern, offset columns,
``diff`` key, what links across windows and documents, and its documentation.

Everything else is derived from ``TABLES``: ``core.SCHEMAS``/``CATEGORIES``/``DERIVED``, ``compare``'s
keys and columns, ``run.windows``' offsets and ids, the corpus linker's columns, and the table
sections of ``docs/schema.md`` (``python -m pipeline.tables.schema`` writes them; a test checks the
committed file). Pure data: importing it costs nothing.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

DTYPES = ("string", "Int64", "Float64", "boolean", "category", "datetime64[ns]")


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str  # one of DTYPES: the pandas dtype ``load`` returns
    doc: str = ""  # its meaning, for docs/schema.md (columns with the same doc and dtype share a row)
    categories: tuple[str, ...] = ()  # a category column's fixed categories, in order
    parsed_from: str | None = None  # a datetime column: the ISO string column it is parsed from
    offset: bool = False  # a character offset into the document text (moved with a window)
    ref: str | None = None  # "id": an id built from offsets (moved with a window); "entity": also an entities.entity_id
    compared: bool = True  # compared by ``diff`` and the golden files

    def __post_init__(self) -> None:
        assert self.dtype in DTYPES, (self.name, self.dtype)
        assert bool(self.categories) == (self.dtype == "category"), self.name  # fixed: concat keeps the dtype
        assert (self.parsed_from is not None) == (self.dtype == "datetime64[ns]"), self.name


@dataclass(frozen=True)
class Table:
    name: str
    title: str  # after the name in its docs heading
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()  # what identifies a row across runs (``diff``)
    group: str = ""  # the column ``diff`` counts by
    shown: str = ""  # the column ``diff`` shows
    id_pattern: str = ""  # how its row id is built (docs)
    link: tuple[str, ...] = ()  # columns the corpus linker reads
    before: str = ""  # docs before the column table
    after: str = ""  # docs after it

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


# the press-release classes and their map onto event types (docs/schema.md, after the events table)
RELEASE_TYPES_DOC = "Event types and press releases. Every type is an event in NEREL's sense: its trigger is what NEREL\nannotates as an `EVENT` mention (`rupress eval nerel` scores triggers whatever their type). The\nclasses a press release reports map onto the types as follows (`resources/lexicons/event_triggers.tsv`\nfinds the triggers; `resources/events/release_types.tsv` retypes an event found by the rules or by\nthe learned layer by its trigger's lemma, its current type and the words it governs):\n\n| release class | type | triggers (lemmas) |\n|---|---|---|\n| meeting, talks | `MEETING` | встреча, встретиться, переговоры, беседа, побеседовать, пообщаться, принять (губернатора, президента …), доложить / информировать Президенту / Президента |\n| phone call | `CALL` | телефонный разговор, разговор по телефону, созвониться, позвонить |\n| session | `SESSION` | совещание, заседание, коллегия (was `MEETING` or `CONFERENCE`) |\n| visit | `VISIT` | визит, посетить, посещение, поездка, осмотреть |\n| speech, statement, greeting | `SPEECH` | выступить, заявить, поздравить, направить поздравления, обращение, послание, ответить на вопросы |\n| award | `AWARD` | наградить, вручить премию, вручение, церемония награждения |\n| appointment, dismissal | `APPOINTMENT`, `DEPARTURE` | назначить, освободить от должности, отставка |\n| decree or law signed | `DECREE` | подписать указ / закон / распоряжение (was `AGREEMENT`) |\n| ceremony | `CEREMONY` | церемония (of nothing typed), возложить венок / цветы, почтить память |\n| forum, conference | `CONFERENCE` | форум, конференция, съезд, выставка |\n| launch | `LAUNCH` | запуск, открытие, спуск на воду, презентация |\n| agreement signed | `AGREEMENT` | подписать соглашение, соглашение, продлить договор |\n\nA typed event of the first sentence told in the past or present with no day of its own (no date,\nor only a year or month: `премии за 2024 год`) takes the document's publication day\n(`documents.published_at`): a press release reports the day's events. An announced one\n(`проведёт переговоры`) does not. Such an event is kept even with no named participant\n(`Президент побеседовал с лауреатами`: the publication day is its time). The lead with no place of\nits own takes a venue at a distance its sentence writes (`в режиме видеоконференции` →\n`location` `видеоконференция`, with a `LOCATION` argument on the phrase;\n`resources/events/remote_venues.tsv`).\n\nTwo kinds of text never give events or arguments: page furniture, a line that reads\n`События`, `Документы`, `Статус материала: …` (`resources/events/page_furniture.txt`), is no\nargument; and in a transcript, from the first speaker label on (`И.Петров: …`, `Вопрос: …`;\n`resources/events/speaker_labels.txt`), the learned layer's `OTHER` events are dropped (the speakers\ntell of many happenings in passing: `выросла`, `построены`); typed events there stay."

C = Column
LABELS = ("PER", "ORG", "LOC")
# the NEREL tagger's labels rupress keeps beside PER/ORG/LOC (extractors.entities.learned.NEW_LABELS; a test checks)
OTHER_LABELS = ("PROFESSION", "EVENT", "FACILITY", "PRODUCT", "LAW", "AWARD", "MONEY", "DATE", "TIME", "PERCENT",
                "WORK_OF_ART", "NATIONALITY")
EVENT_TYPES = ("MEETING", "VISIT", "SPEECH", "AGREEMENT", "DEAL", "INVESTMENT", "APPOINTMENT", "DEPARTURE", "LAUNCH",
               "CONFERENCE", "AWARD", "PARTNERSHIP", "CALL", "SESSION", "DECREE", "CEREMONY", "OTHER")
VOICES = ("active", "passive", "nominal")
ARGUMENT_ROLES = ("AGENT", "PARTICIPANT", "PARTNER", "OBJECT", "LOCATION", "TIME", "TOPIC", "POSITION", "ORGANIZATION",
                  "ORGANIZER")
DATE_KINDS = ("date", "range", "relative", "time", "datetime", "dateline", "month", "year", "quarter", "half", "season",
              "decade", "weekday", "open", "duration", "set", "vague")  # extractors.dates.KINDS (a test checks)
GRANULARITIES = ("decade", "year", "half", "quarter", "season", "month", "week", "day", "hour", "minute")
ROLE_KINDS = ("post", "occupation")
MENTION_FORMS = ("name", "adjective", "descriptor", "generic")
# time zones: a *_dt column is the wall-clock time as written; the ISO string column beside it keeps the offset
WALL_CLOCK = ("the string column's first instant as a timestamp: wall-clock time as written, its UTC offset "
              "dropped (`2024-03-12T10:05+03:00` -> `2024-03-12 10:05`; the string keeps the offset); "
              "NaT for what is not a date (`2021-W10`)")

TABLES: tuple[Table, ...] = (
    Table('documents', '',
          key=('doc_id',), group='status', shown='title', link=('doc_id', 'published_at'),
          columns=(
              C('doc_id', 'string', 'document id (see above)'),
              C('source', 'string', 'where it was read: path, `path#L3` (JSONL line), `path#R3` (CSV row), `archive.zip!inner/path`', compared=False),
              C('status', 'string', '`ok`, or `error` when extraction failed after reading (see `errors`)'),
              C('n_chars', 'Int64', 'length of the text in characters'),
              C('sha256', 'string', 'SHA-256 of the UTF-8 text'),
              C('encoding', 'string', 'encoding the file was decoded from (`utf-8`, `utf-8-sig`, `cp1251`, …), null for texts given in Python'),
              C('published_at', 'string', "ISO 8601 publication date/time: the record's field, else the dateline at the end of the text (`17.09.15 10:05`) or at its start (`Москва, 12 марта 2025 года.`); null when unknown"),
              C('published_at_source', 'string', '`record`, `dateline` or null'),
              C('title', 'string', "the record's or HTML page's title; null for plain text"),
              C('url', 'string', "the record's URL, or null"),
              C('warnings', 'string', "what was read but not kept (`published_at 'на днях' is not a date rupress can read; …`), or null"),
              C('n_sentences', 'Int64', 'sentences (razdel)'),
              C('n_tokens', 'Int64', 'tokens (razdel), whitespace not counted'),
              C('text', 'string', 'the document text every offset refers to (for HTML: the extracted main text)', compared=False),
              C('published_at_dt', 'datetime64[ns]', WALL_CLOCK, parsed_from='published_at'),
          )),
    Table('mentions', 'one row per entity mention',
          key=('mention_id',), group='label', shown='text', id_pattern='{doc_id}:m{start}-{end}',
          after="**Whole names outside, names inside nested** (`--entity-spans full`, the default). An organisation's\nwhole name is one mention: its head noun with the adjectives, genitives and `по`/`при`/`против`\ncomplements that name it (`Комитета Совета Федерации Федерального Собрания Российской Федерации по\nобороне и безопасности`, `Правительством г. Казани`, `Департамента ООН по вопросам разоружения`,\n`министерства культуры Польши`); the names inside it are mentions too, with `nested` set and\n`parent` naming the smallest mention each sits in (`Совета Федерации`, `Российской Федерации`,\n`Казани`, `ООН`), and a body named with the place or body it belongs to is also a mention without it\n(`Следственного комитета` inside `Следственного комитета Армении`), as NEREL nests them. A kind of body\nor place written before a name in apposition is not part of the name: `компании «Ромашка»` gives\n`Ромашка` (inside the quotes), `телеканал NBC News` gives `NBC News`, `штате Колорадо` gives `Колорадо`;\na legal form stays (`ООО «Василёк»`), and so does a descriptor written with a capital inside a sentence\n(`Музея современного искусства «Гараж»`). A district of a region is two places (`Знаменского района`,\n`Кировоградской области`). `normal` is the whole phrase in the nominative (`Комитет Совета Федерации …\nпо обороне и безопасности`, `Правительство г. Казани`). Rules: `extractors/entities/rules/chains.py`;\nthe body head nouns, `resources/entities/body_heads.txt`, were counted on NEREL train\n(`benchmarks/nerel_body_heads.py`). `--entity-spans name` keeps factRuEval's name spans: no\ndescriptors, no whole names, no nesting among PER/ORG/LOC (`Правительством`, `Казани`).",
          columns=(
              C('doc_id', 'string', ''),
              C('mention_id', 'string', '{id}', ref="id"),
              C('start', 'Int64', 'offsets of the mention', offset=True),
              C('end', 'Int64', 'offsets of the mention', offset=True),
              C('text', 'string', '`text[start:end]`'),
              C('label', 'category', '`PER`, `ORG`, `LOC` (Natasha + rules); from the NEREL tagger (`source` `nerel`): `PROFESSION` (job titles: `министр финансов`), `EVENT`, `FACILITY` (buildings, airports, stadiums), `PRODUCT`, `LAW`, `AWARD`, `MONEY`, `DATE`, `TIME`, `PERCENT`, `WORK_OF_ART`, `NATIONALITY` — see [models.md](models.md)', categories=(*LABELS, *OTHER_LABELS)),
              C('normal', 'string', "normal form: nominative, proper case, in the word's majority script (`Всемирного банка` → `Всемирный банк`, `Miсrosoft` with a Cyrillic `с` → `Microsoft`); PROFESSION and EVENT phrases without the capital a sentence start gives them (`Министр культуры` → `министр культуры`), a one-word verb EVENT as its lemma (`встретился` → `встретиться`); DATE, TIME, MONEY, PERCENT as written"),
              C('entity_id', 'string', "the document-level entity it refers to; null for the NEREL tagger's labels (no entities are built for them)", ref="entity"),
              C('sentence_id', 'Int64', '0-based sentence index in the document'),
              C('source', 'string', '`ner` (the model) or the name of the rule that produced or changed the span; `nerel` for a span of the NEREL tagger'),
              C('nested', 'boolean', "the mention is not in the flat layer: it lies inside (or crosses) a mention kept there. The flat layer is the outermost PER/ORG/LOC mentions, then the other labels' mentions, longest first, where they overlap none kept; `nested == False` gives one mention per span, none overlapping. Nested mentions follow NEREL (`Правительство Татарстана` ORG holds `Татарстана` LOC; `министр финансов` PROFESSION holds `министр`)"),
              C('form', 'category', "what a PER/ORG/LOC mention is (null for the NEREL tagger's labels): `name` (a proper name, with its descriptor in the full view: `мэрии Москвы`); `adjective` (a place adjective, LOC, `normal` the place: `российских` → `Россия`, `тульского` → `Тула`; `resources/entities/place_adjectives.tsv`); `descriptor` (a common noun for a body the document names, joined to its entity: `правительство` after `Правительство Японии`); `generic` (such a noun for no body the document names, or for several: an entity of its own, `entities.generic`; `resources/entities/generic_bodies.txt`). `--entity-spans name` has `name` mentions only", categories=MENTION_FORMS),
              C('parent', 'string', "a `nested` mention: the `mention_id` of the smallest mention it lies inside (`Казани` LOC -> `правительства г. Казани` ORG; a tagger-label mention with the same span as a PER/ORG/LOC one -> that one); null in the flat layer (`nested == False`) and for a mention that only crosses another", ref="id"),
          )),
    Table('entities', 'one row per document-level entity',
          key=('entity_id',), group='label', shown='name', id_pattern='{doc_id}:e{start}-{end}', link=('label', 'name', 'abbreviation', 'doc_id', 'n_mentions'),
          after="A person is one entity however the document names them: `Дмитрий Олегович Кравцов`, `Кравцов\nДмитрий Олегович`, `Дмитрий Кравцов`, `Д. О. Кравцов` and `Кравцов` join when the surname agrees and\nno first name, patronymic or initial conflicts; a surname or initial that fits two people\n(`Денис Кравцов` beside `Дмитрий Кравцов`) joins neither. People's `normal` is the nominative by\npymorphy's name analyses (`Хамидом Карзаем` -> `Хамид Карзай`, by the endings in\n`resources/entities/masc_endings.tsv` where pymorphy does not know the name; a foreign woman's surname as\nwritten: `Иза Кремер`); a lone surname takes the form of its person's full name (`Путина` ->\n`Путин`). Official lists and transcripts: a surname in capitals is part of the name and goes last\nin `normal` (`ПЕТРОВ Иван Сергеевич` -> `Иван Сергеевич Петров`, `Эмилио ЛОСАДА ГАРСИЯ` ->\n`Эмилио Лосада Гарсия`; inside a sentence only a surname the dictionary knows, so `директор ЮНИСЕФ\nКэтрин Рассел` keeps its organisation), and a speaker label (`А.Петрова:` opening a line or after\nthe last speaker's sentence) is a mention in the nominative, as written, of the person named in\nfull. An entity's `name` is a normal form with a surname when there is one (`Олег Николаев`, not\nthe address `Олег Алексеевич`). Measured by `benchmarks/person_names.py` on factRuEval dev coreference.\n\nAn organisation or place is one entity across its inflected mentions (same lemmas: `Харбинским\nполитехническим университетом` joins `Харбинский политехнический университет`), its quoted name\n(`ООО «Ромашка»`, `«Ромашки»`), and its abbreviations both ways: given in brackets after or before\nthe long name (`Федеральная налоговая служба (ФНС)`, `ФНС (Федеральная налоговая служба)`), made of\nits initials without legal form or trailing country (`ОАО «Российские железные дороги»` / `РЖД`,\n`Министерство иностранных дел России` / `МИД`), or paired in `resources/entities/aliases.tsv`\n(`Минфин` / `Министерство финансов`), wherever in the document they stand. Organisations'\n`normal` is the whole phrase in the nominative, a «quoted» name after a descriptor as written\n(`компанией «Ромашка»` -> `компания «Ромашка»`); mentions of one entity with the same lemmas share\none `normal` (the form the text writes in the nominative). Code: `pipeline/extractors/entities/orgs.py`;\nsample: `tests/extractors/data/org_normal_forms.tsv` (50 own sentences, 50/50 right).",
          columns=(
              C('entity_id', 'string', '{id}: the offsets of its first mention', ref="id"),
              C('doc_id', 'string', ''),
              C('label', 'category', '`PER`, `ORG`, `LOC`', categories=LABELS),
              C('name', 'string', 'canonical name: the fullest normal form among its mentions (`Пак Ён Хо`, not `Пак`; the long name, not the abbreviation)'),
              C('n_mentions', 'Int64', 'mentions clustered into it'),
              C('first_start', 'Int64', 'offset of its first mention', offset=True),
              C('abbreviation', 'string', 'an abbreviation it is also called by (`ФНС`), or null'),
              C('generic', 'boolean', 'a body only a common noun names (`правительство`, `полиция`: all its mentions of form `generic`): across documents it joins the same noun, its corpus entity the kind (`ORG:полиция`), as NEREL links such a noun to the concept'),
              C('corpus_entity_id', 'string', 'the entity across the run: `corpus_entities.corpus_entity_id`'),
          )),
    Table('dates', 'one row per date expression',
          key=('date_id',), group='kind', shown='text', id_pattern='{doc_id}:d{start}-{end}',
          columns=(
              C('doc_id', 'string', ''),
              C('date_id', 'string', '{id}', ref="id"),
              C('start', 'Int64', 'offsets of the whole expression (a range is one row)', offset=True),
              C('end', 'Int64', 'offsets of the whole expression (a range is one row)', offset=True),
              C('text', 'string', '`text[start:end]`'),
              C('kind', 'category', '`date`, `range`, `relative`, `time`, `datetime`, `dateline`, `month`, `year`, `quarter`, `half`, `season`, `decade`, `weekday`, `open`, `duration`, `set`, `vague` (see [dates.md](dates.md))', categories=DATE_KINDS),
              C('value', 'string', 'ISO 8601 first day (or minute) covered; null when it cannot be resolved (relative date, no anchor; a clock offset with only a date as anchor) and for `duration` and `set`'),
              C('value_end', 'string', 'ISO 8601 last day (or minute) covered; equals `value` for a single day'),
              C('granularity', 'category', '`year`, `half`, `quarter`, `season`, `month`, `week`, `day`, `hour`, `minute`, `decade`', categories=GRANULARITIES),
              C('anchor', 'string', 'the date relative expressions were resolved against (the publication time for clock offsets), or null'),
              C('duration', 'string', 'ISO 8601 duration of a `duration` (`в течение двух недель` → `P2W`, `2 ч. 21 мин.` → `PT2H21M`) or the period of a `set` (`ежегодно` → `P1Y`); else null'),
              C('open', 'string', 'for `open` rows: `after` (`с 2020 года`, `после 14 часов`: from the value interval on) or `before` (`до конца месяца`: up to it); else null'),
              C('value_dt', 'datetime64[ns]', WALL_CLOCK, parsed_from='value'),
              C('value_end_dt', 'datetime64[ns]', WALL_CLOCK, parsed_from='value_end'),
          )),
    Table('roles', 'person, position, organisation',
          key=('role_id',), group='position', shown='person', id_pattern='{doc_id}:r{person_start}-{position_start}',
          columns=(
              C('doc_id', 'string', ''),
              C('role_id', 'string', '{id}', ref="id"),
              C('person_entity_id', 'string', 'entity of the person', ref="entity"),
              C('person', 'string', "the person's canonical name"),
              C('person_start', 'Int64', 'offsets of the person mention the role was read from', offset=True),
              C('person_end', 'Int64', 'offsets of the person mention the role was read from', offset=True),
              C('position', 'string', 'position, normalized: nominative, lower case (`исполнительный директор`)'),
              C('position_text', 'string', 'position as written'),
              C('position_start', 'Int64', 'offsets of the position phrase', offset=True),
              C('position_end', 'Int64', 'offsets of the position phrase', offset=True),
              C('org_entity_id', 'string', 'entity of the organisation, or null', ref="entity"),
              C('org', 'string', "the organisation's canonical name, or null"),
              C('appointment', 'boolean', 'true when the text reports an appointment to the post'),
              C('score', 'Float64', "the learned role scorer's probability that the person holds this post (`pipeline/models/roles`, [models.md](models.md)); null for a role from the rules alone (`--rules-only-roles`, or no weights)"),
              C('kind', 'category', '`post`: a post in an organisation (a lexicon post such as `министр`, `директор`, or any post with its organisation found); `occupation`: an occupation with no organisation (`певица`, `футболист`, `писатель`)', categories=ROLE_KINDS),
          )),
    Table('posts', 'a post and its organisation, held or not',
          key=('post_id',), group='position', shown='position_text', id_pattern='{doc_id}:q{position_start}-{position_end}',
          before="One row per post phrase that has an organisation: `губернатор` → `Тверская область` in\n`Губернатор Тверской области Игорь Руденко …` (its holder in `roles`, `role_id` set), and posts no\none is named to hold: `на пост президента Мали`, `должность ректора Самарского университета`\n(`role_id` null). A roles row never exists without a holder; this table is where those facts go.\nWithout the role scorer (`--rules-only-roles`) the rows are the rules' post phrases with an\norganisation.",
          columns=(
              C('doc_id', 'string', ''),
              C('post_id', 'string', '{id}', ref="id"),
              C('position', 'string', 'the post, normalized as in `roles`'),
              C('position_text', 'string', 'the post as written: `text[position_start:position_end]`'),
              C('position_start', 'Int64', 'offsets of the post phrase', offset=True),
              C('position_end', 'Int64', 'offsets of the post phrase', offset=True),
              C('org_entity_id', 'string', 'entity of the organisation', ref="entity"),
              C('org', 'string', "the organisation's canonical name"),
              C('org_text', 'string', "the organisation's mention as written: `text[org_start:org_end]`"),
              C('org_start', 'Int64', 'offsets of that mention', offset=True),
              C('org_end', 'Int64', 'offsets of that mention', offset=True),
              C('role_id', 'string', "the `roles` row of the post's holder (the first, when several hold it); null when none is named", ref="id"),
              C('score', 'Float64', "the role scorer's probability: the holder's for a held post, the post–organisation pair's for one with no holder (at least 0.70, `roles.learned.UNHELD_QP`); null from the rules alone"),
          )),
    Table('events', 'one row per happening',
          key=('event_id',), group='type', shown='trigger', id_pattern='{doc_id}:v{trigger_start}-{trigger_end}',
          before="A happening told several times in a document (`Х прибыл с визитом в Минск` … `В ходе визита` …\n`Визит завершится в пятницу`) is one row; each telling is a row of `event_mentions`. Mentions are\none happening when they are of one type (a learned `OTHER` event: one trigger-lemma family,\n`resources/events/coref_families.tsv`), their dates overlap (within 7 days for a visit or a\ngathering), they name no two different places, and one's participants and objects include the\nother's (`X встретился с Y` and `встреча X и Y` join; `X встретился с Z` does not). A counted or\nordered noun (`два договора`, `первый договор`, `аналогичная встреча`) and statements (`SPEECH`)\nnever join. A mention with nothing of its own (`в ходе визита`, `Соглашение было подписано в\nМоскве`) joins the last happening of its type before it. The row's trigger, sentence, voice and\nlemma are its first mention's; its date the first date a mention states; its score the highest.",
          columns=(
              C('doc_id', 'string', ''),
              C('event_id', 'string', "{id}: its first mention's trigger", ref="id"),
              C('type', 'category', '`MEETING`, `VISIT`, `SPEECH`, `AGREEMENT`, `DEAL`, `INVESTMENT`, `APPOINTMENT`, `DEPARTURE`, `LAUNCH`, `CONFERENCE`, `AWARD`, `PARTNERSHIP`, and the press-release classes `CALL`, `SESSION`, `DECREE`, `CEREMONY` (table below); `OTHER` for a happening the learned trigger model finds that no rule type names (its lemma in `lemma`)', categories=EVENT_TYPES),
              C('trigger', 'string', 'the trigger word(s) as written'),
              C('trigger_start', 'Int64', 'offsets of the trigger', offset=True),
              C('trigger_end', 'Int64', 'offsets of the trigger', offset=True),
              C('sentence_start', 'Int64', 'offsets of its sentence', offset=True),
              C('sentence_end', 'Int64', 'offsets of its sentence', offset=True),
              C('date_value', 'string', "ISO interval of the event's time (its clause's date, else inherited), or null"),
              C('date_value_end', 'string', "ISO interval of the event's time (its clause's date, else inherited), or null"),
              C('location', 'string', 'canonical name of the location, or null'),
              C('voice', 'category', '`active`, `passive` or `nominal`', categories=VOICES),
              C('location_entity_id', 'string', 'entity of the location, or null', ref="entity"),
              C('lemma', 'string', 'lemma of the trigger word (the noun of a nominal event): what an `OTHER` event is'),
              C('score', 'Float64', "the learned trigger model's probability that the trigger heads an event (0–1); null when the learned layer is off (`--rules-only-events`) or no weights ship. Rule events keep their row whatever the score: filter on it to choose your precision. For a happening told several times, the highest of its mentions'"),
              C('date_value_dt', 'datetime64[ns]', WALL_CLOCK, parsed_from='date_value'),
              C('date_value_end_dt', 'datetime64[ns]', WALL_CLOCK, parsed_from='date_value_end'),
              C('n_mentions', 'Int64', 'rows in `event_mentions` for this event (1 when told once)'),
              C('lead', 'boolean', "the event the document's first sentence reports: of its typed (not `OTHER`) events, the one whose predicate is the sentence's main verb, else the first; at most one per document. For a press release, its own event"),
          ),
          after=RELEASE_TYPES_DOC),
    Table('event_arguments', '',
          key=('event_id', 'role', 'start', 'end'), group='role', shown='text',
          columns=(
              C('doc_id', 'string', ''),
              C('event_id', 'string', 'the event', ref="id"),
              C('role', 'category', '`AGENT`, `PARTICIPANT`, `PARTNER`, `OBJECT`, `LOCATION`, `TIME`, `TOPIC`; `POSITION` and `ORGANIZATION`: the post and its organisation in an appointment or departure; `ORGANIZER`: who organises a gathering (from the argument model)', categories=ARGUMENT_ROLES),
              C('entity_id', 'string', 'the entity the argument refers to, or null', ref="entity"),
              C('text', 'string', '`text[start:end]`'),
              C('start', 'Int64', 'offsets of the argument', offset=True),
              C('end', 'Int64', 'offsets of the argument', offset=True),
              C('score', 'Float64', "the learned argument model's probability for this role (0–1); null for an argument the rules found"),
              C('mention_id', 'string', "the `event_mentions` row the argument was read from (its sentence): an event's arguments are the union of its mentions'", ref="id"),
          )),
    Table('event_mentions', 'one row per telling of an event',
          key=('mention_id',), group='lemma', shown='text', id_pattern='{doc_id}:vm{start}-{end}',
          columns=(
              C('doc_id', 'string', ''),
              C('event_id', 'string', 'the happening (`events.event_id`)', ref="id"),
              C('mention_id', 'string', "{id}; the first mention has the event's trigger span", ref="id"),
              C('start', 'Int64', "offsets of the mention's trigger (`text[start:end]` = `text`)", offset=True),
              C('end', 'Int64', "offsets of the mention's trigger (`text[start:end]` = `text`)", offset=True),
              C('text', 'string', 'the trigger as written (`прибыл с визитом`, `визита`)'),
              C('sentence_start', 'Int64', 'offsets of its sentence', offset=True),
              C('sentence_end', 'Int64', 'offsets of its sentence', offset=True),
              C('lemma', 'string', 'lemma of the trigger word (the noun of a nominal mention)'),
              C('voice', 'category', '`active`, `passive` or `nominal`', categories=VOICES),
              C('score', 'Float64', "the trigger model's probability for this mention; null when the learned layer is off"),
          )),
    Table('errors', 'one row per input or document that could not be used',
          key=('source', 'stage', 'error', 'doc_id'), group='error', shown='message',
          columns=(
              C('source', 'string', 'where it came from (as in `documents.source`)'),
              C('doc_id', 'string', 'its doc_id when one could be given, else null'),
              C('stage', 'string', '`ingest`, `decode`, `normalize`, `nlp`, `extract:<extractor>`'),
              C('error', 'string', 'short class: `empty`, `binary`, `undecodable`, `too_long`, `malformed_json`, `missing_text`, `duplicate_id`, `archive_unsafe_path`, `internal`, … (see [inputs.md](inputs.md))'),
              C('message', 'string', 'one human-readable sentence'),
          )),
    Table('corpus_entities', 'one row per person, organisation or place across the whole run',
          key=('corpus_entity_id',), group='label', shown='name', id_pattern='{label}:{folded name}',
          before="Linked once over every document of a run (`pipeline/link/corpus.py`): normal forms with quotes,\nlegal forms and place words folded, aliases from `pipeline/resources/entities/aliases.tsv`\n(«Сбербанк», ПАО «Сбербанк», Сбер), abbreviations, and initials or bare surnames only when one\nperson fits. `entities.corpus_entity_id` joins to it. The organisation and place comparison key\n(`org_key`, `corpus_keys`) lives in `pipeline/extractors/entities/orgs.py`, beside the one-document keys:\na place's descriptor and its adjectives go (`Республике Башкортостан`, `небольшая прибрежная деревня\nПортапик` -> `башкортостан`, `портапик`), so does an organisation's kind before a Latin or upper-case\nname (`американская компания Monsanto`, `телекомпания НТВ`) and `имени …` after a name (`МГУ имени\nМ. В. Ломоносова`). The id does not hang on one document's label guess: a one-word name tagged PER\nthat is no person's name (`Калуга`) and an unquoted one-word ORG or LOC join the entity the other\nlabel gives the same key, the label with more rows naming it; a quoted name (`телеканал «Россия»`)\nand a longer name (`Банк России`) never join the place. A surname left oblique (`Маккаррика`,\n`Алана Гарсии`) joins the nominative one seen in the corpus.",
          after="Merge quality: precision 1.000, recall .966 on ten releases written and annotated for this project\n(`tests/annotations/corpus_entities.jsonl`, written alongside the linker, so optimistic); on NEREL\ndev's Wikidata links (`benchmarks/bench_corpus_links.py`), cross-document pairs P .962, R .650; B³ by\n`rupress eval links` in [evaluation.md](evaluation.md#identity-nerels-wikidata-links).",
          columns=(
              C('corpus_entity_id', 'string', '`{label}:{folded name}`, the same in every run over the same entity'),
              C('label', 'category', 'PER, ORG, LOC', categories=LABELS),
              C('name', 'string', 'the most frequent full name'),
              C('aliases', 'string', 'other names seen, `|`-separated'),
              C('n_documents', 'Int64', 'documents and mentions it occurs in'),
              C('n_mentions', 'Int64', 'documents and mentions it occurs in'),
              C('first_seen', 'string', 'earliest and latest publication date of those documents (ISO)'),
              C('last_seen', 'string', 'earliest and latest publication date of those documents (ISO)'),
              C('first_seen_dt', 'datetime64[ns]', WALL_CLOCK, parsed_from='first_seen'),
              C('last_seen_dt', 'datetime64[ns]', WALL_CLOCK, parsed_from='last_seen'),
          )),
)

BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}

# ---------------------------------------------------------------- derived: what the other modules read

SCHEMAS = {t.name: [(c.name, c.dtype) for c in t.columns] for t in TABLES}
CATEGORIES = {(t.name, c.name): c.categories for t in TABLES for c in t.columns if c.categories}
DERIVED = {(t.name, c.name): c.parsed_from for t in TABLES for c in t.columns if c.parsed_from}
OFFSETS = {t.name: tuple(c.name for c in t.columns if c.offset) for t in TABLES if any(c.offset for c in t.columns)}
IDS = {t.name: tuple(c.name for c in t.columns if c.ref) for t in TABLES if any(c.ref for c in t.columns)}
ENTITY_REFS = {t.name: tuple(c.name for c in t.columns if c.ref == "entity")
               for t in TABLES if any(c.ref == "entity" for c in t.columns)}
KEYS = {t.name: t.key for t in TABLES}
GROUP = {t.name: t.group for t in TABLES}
SHOWN = {t.name: t.shown for t in TABLES}
# not compared: derived datetime columns (their ISO strings are), and what ``compared=False`` says
SKIP_COLUMNS = {t.name: {c.name for c in t.columns if not c.compared or c.parsed_from} for t in TABLES
                if any(not c.compared or c.parsed_from for c in t.columns)}
LINK_COLUMNS = {t.name: t.link for t in TABLES if t.link}


class RowError(ValueError):
    """A row that does not fit its table's declaration."""


def check_rows(name: str, rows) -> None:
    """Refuse rows of an unknown table, or with a column the table does not declare (or a derived one)."""
    if name not in BY_NAME:
        raise RowError(f"unknown table {name!r}")
    allowed = {c.name for c in BY_NAME[name].columns if not c.parsed_from}
    for r in rows:
        extra = set(r) - allowed
        if extra:
            raise RowError(f"a {name} row has undeclared columns {sorted(extra)} (declare them in tables/schema.py)")


# ---------------------------------------------------------------- docs/schema.md

DOCS = Path(__file__).resolve().parents[2] / "docs" / "schema.md"
BEGIN = "<!-- the table sections below are generated from pipeline/tables/schema.py: " \
        "python -m pipeline.tables.schema -->"


def render_table(t: Table) -> str:
    lines = [f"## {t.name}" + (f" — {t.title}" if t.title else ""), ""]
    if t.before:
        lines += [t.before, ""]
    lines += ["| column | dtype | meaning |", "|---|---|---|"]
    cols, i = list(t.columns), 0
    while i < len(cols):
        c, n = cols[i], 1
        while c.doc and i + n < len(cols) and (cols[i + n].doc, cols[i + n].dtype) == (c.doc, c.dtype):
            n += 1
        doc = c.doc.replace("{id}", f"`{t.id_pattern}`")
        if c.categories:
            missing = [v for v in c.categories if f"`{v}`" not in doc]
            if missing:
                doc += ("; " if doc else "") + ", ".join(f"`{v}`" for v in missing)
        lines.append(f"| {', '.join(x.name for x in cols[i:i + n])} | {c.dtype} | {doc} |".replace("|  |", "| |"))
        i += n
    if t.after:
        lines += ["", t.after]
    return "\n".join(lines) + "\n"


def render_docs(current: str) -> str:
    """``docs/schema.md`` with everything after ``BEGIN`` generated from ``TABLES``."""
    head = current.split(BEGIN)[0].rstrip("\n")
    return head + "\n\n" + BEGIN + "\n\n" + "\n".join(render_table(t) for t in TABLES)


if __name__ == "__main__":  # python -m pipeline.tables.schema [--check]
    text = render_docs(DOCS.read_text(encoding="utf-8"))
    if "--check" in sys.argv:
        sys.exit(0 if DOCS.read_text(encoding="utf-8") == text else 1)
    DOCS.write_text(text, encoding="utf-8", newline="\n")
