-- Functions: every deployed version of every tenant's functions, and their recent invocations.
-- Plain SQL that SQLite (the embedded store) and PostgreSQL both run.

CREATE TABLE function_versions (
    tenant         VARCHAR(128)  NOT NULL,
    name           VARCHAR(63)   NOT NULL,
    version        INTEGER       NOT NULL,
    runtime        VARCHAR(16)   NOT NULL,
    handler        VARCHAR(128)  NOT NULL,
    timeout_ms     BIGINT        NOT NULL,
    public_access  BOOLEAN       NOT NULL,
    env            TEXT          NOT NULL,
    description    VARCHAR(1024),
    rate_limit     INTEGER,
    rate_period_ms BIGINT,
    sha256         CHAR(64)      NOT NULL,
    code           TEXT          NOT NULL,
    created_at     BIGINT        NOT NULL,
    PRIMARY KEY (tenant, name, version)
);

CREATE TABLE function_invocations (
    tenant       VARCHAR(128) NOT NULL,
    name         VARCHAR(63)  NOT NULL,
    request_id   VARCHAR(64)  NOT NULL,
    version      INTEGER      NOT NULL,
    status       INTEGER      NOT NULL,
    duration_ms  BIGINT       NOT NULL,
    at           BIGINT       NOT NULL,
    stdout       TEXT         NOT NULL,
    stderr       TEXT         NOT NULL,
    PRIMARY KEY (tenant, name, request_id)
);

CREATE INDEX function_invocations_newest ON function_invocations (tenant, name, at);
