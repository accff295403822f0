-- The database contract: every table the ETL writes, with its constraints.
-- Column descriptions live in data/dictionary.toml (shown in the app's data dictionary).
-- A vocabulary's name in curly braces (UNITS, KINDS ...) stands for that list of etl/vocabulary.py, quoted.

CREATE TABLE sources (
    doc_id             VARCHAR PRIMARY KEY,
    title              VARCHAR NOT NULL,
    publisher          VARCHAR NOT NULL,
    author             VARCHAR,
    published          DATE,
    published_earliest DATE,
    published_note     VARCHAR,
    url                VARCHAR NOT NULL CHECK (url LIKE 'http%://%'),
    language           VARCHAR NOT NULL,
    text_file          VARCHAR NOT NULL,
    sha256             VARCHAR NOT NULL CHECK (length(sha256) = 64),
    text_available     BOOLEAN NOT NULL,
    verified           BOOLEAN NOT NULL,
    CHECK (published IS NULL OR published_earliest IS NULL OR published >= published_earliest)
);

CREATE TABLE indicators (
    indicator_id VARCHAR PRIMARY KEY,
    name         VARCHAR NOT NULL,
    unit         VARCHAR NOT NULL CHECK (unit IN ({UNITS})),
    topic        VARCHAR NOT NULL,
    chart        VARCHAR NOT NULL CHECK (chart IN ({CHARTS})),
    description  VARCHAR NOT NULL,
    counts       VARCHAR CHECK (counts IS NULL OR unit = 'count')
);

CREATE TABLE entities (
    entity  VARCHAR PRIMARY KEY,
    type    VARCHAR NOT NULL CHECK (type IN ({ENTITY_TYPES})),
    aliases VARCHAR[] NOT NULL
);

CREATE TABLE figures (
    figure_id     VARCHAR PRIMARY KEY,
    indicator_id  VARCHAR NOT NULL REFERENCES indicators (indicator_id),
    entity        VARCHAR NOT NULL REFERENCES entities (entity),
    period        VARCHAR NOT NULL,
    period_start  DATE NOT NULL,
    period_end    DATE NOT NULL,
    surface       VARCHAR NOT NULL,
    value         DOUBLE NOT NULL CHECK (isfinite(value)),
    unit          VARCHAR NOT NULL CHECK (unit IN ({UNITS})),
    qualifier     VARCHAR NOT NULL CHECK (qualifier IN ({QUALIFIERS})),
    kind          VARCHAR NOT NULL CHECK (kind IN ({KINDS})),
    attributed_to VARCHAR NOT NULL,
    doc_id        VARCHAR NOT NULL REFERENCES sources (doc_id),
    quote         VARCHAR NOT NULL,
    quote_start   INTEGER CHECK (quote_start >= 0),
    quote_end     INTEGER CHECK (quote_end > quote_start),
    surface_start INTEGER,
    surface_end   INTEGER,
    verified      BOOLEAN NOT NULL,
    verification  VARCHAR NOT NULL CHECK (verification IN ({VERIFICATIONS})),
    verified_on   DATE,
    link          VARCHAR NOT NULL CHECK (link LIKE 'http%://%'),
    link_lands    BOOLEAN,
    note          VARCHAR,
    source_file   VARCHAR NOT NULL,
    source_line   INTEGER NOT NULL,
    CHECK (period_end >= period_start),
    CHECK (NOT verified OR (quote_start IS NOT NULL AND quote_end IS NOT NULL)),
    CHECK (verified = (verification <> 'none'))
);

CREATE TABLE build_info (
    build_id       VARCHAR PRIMARY KEY,
    built_at       TIMESTAMPTZ NOT NULL,
    code_version   VARCHAR NOT NULL,
    duckdb_version VARCHAR NOT NULL,
    corpus         VARCHAR NOT NULL,
    sources        INTEGER NOT NULL,
    figures        INTEGER NOT NULL,
    verified_quotes INTEGER NOT NULL,
    candidates     INTEGER NOT NULL,
    uncurated_candidates INTEGER NOT NULL,
    warnings       VARCHAR[] NOT NULL,
    extractor_version VARCHAR
);

CREATE TABLE build_inputs (
    path   VARCHAR PRIMARY KEY,
    sha256 VARCHAR NOT NULL CHECK (length(sha256) = 64),
    bytes  BIGINT NOT NULL
);

CREATE TABLE candidates (
    doc_id        VARCHAR NOT NULL REFERENCES sources (doc_id),
    start         INTEGER NOT NULL CHECK (start >= 0),
    "end"         INTEGER NOT NULL CHECK ("end" > start),
    surface       VARCHAR NOT NULL,
    value         DOUBLE NOT NULL CHECK (isfinite(value)),
    unit          VARCHAR NOT NULL CHECK (unit IN ({UNITS})),
    qualifier     VARCHAR NOT NULL CHECK (qualifier IN ({QUALIFIERS})),
    period        VARCHAR,
    entity        VARCHAR,
    entity_new    BOOLEAN NOT NULL,
    attributed_to VARCHAR,
    kind          VARCHAR NOT NULL CHECK (kind IN ({KINDS})),
    sentence      VARCHAR NOT NULL,
    curated       BOOLEAN NOT NULL,
    figure_id     VARCHAR REFERENCES figures (figure_id),
    suggested_indicator  VARCHAR REFERENCES indicators (indicator_id),
    indicator_confidence DOUBLE CHECK (indicator_confidence BETWEEN 0 AND 1),
    PRIMARY KEY (doc_id, start, "end")
);

-- Ready views and Overview cards, declared in data/views.toml (etl/views_toml.py).
CREATE TABLE views (
    view_id          VARCHAR PRIMARY KEY,
    position         INTEGER NOT NULL UNIQUE CHECK (position >= 1),
    section          VARCHAR NOT NULL,
    title            VARCHAR NOT NULL,
    icon             VARCHAR NOT NULL,
    intro            VARCHAR NOT NULL,
    indicators       VARCHAR[] NOT NULL CHECK (len(indicators) >= 1),
    entities         VARCHAR[] NOT NULL,
    kinds            VARCHAR[] NOT NULL CHECK (list_has_all([{KINDS}], kinds)),
    sources          VARCHAR[] NOT NULL,
    producers        VARCHAR[] NOT NULL,
    derived          BOOLEAN NOT NULL,
    extracted        BOOLEAN NOT NULL,
    definitions      BOOLEAN NOT NULL,
    checks           BOOLEAN NOT NULL,
    catalogue        BOOLEAN NOT NULL,
    filters_expanded BOOLEAN NOT NULL
);

CREATE TABLE view_charts (
    view_id      VARCHAR NOT NULL REFERENCES views (view_id),
    indicator_id VARCHAR NOT NULL REFERENCES indicators (indicator_id),
    chart        VARCHAR NOT NULL CHECK (chart IN ({VIEW_CHARTS})),
    PRIMARY KEY (view_id, indicator_id)
);

CREATE TABLE overview_cards (
    card         INTEGER NOT NULL CHECK (card >= 1),
    line         INTEGER NOT NULL CHECK (line >= 0),
    role         VARCHAR NOT NULL CHECK (role IN ({CARD_ROLES})),
    title        VARCHAR,
    indicator_id VARCHAR NOT NULL REFERENCES indicators (indicator_id),
    entity       VARCHAR NOT NULL REFERENCES entities (entity),
    kind         VARCHAR CHECK (kind IN ({KINDS})),
    producer     VARCHAR,
    period       VARCHAR,
    PRIMARY KEY (card, line),
    CHECK ((role = 'figure') = (title IS NOT NULL))
);

CREATE TABLE overview_charts (
    position     INTEGER PRIMARY KEY CHECK (position >= 1),
    indicator_id VARCHAR NOT NULL REFERENCES indicators (indicator_id),
    entities     VARCHAR[] NOT NULL
);
