-- Judge0 submissions: each one's request and, once it ran, its result, kept for
-- sandgate.async.retention. Plain SQL that SQLite and PostgreSQL both run.

CREATE TABLE judge0_submissions (
    token        VARCHAR(36)  NOT NULL PRIMARY KEY,
    tenant       VARCHAR(128) NOT NULL,
    status_id    INTEGER      NOT NULL,
    submission   TEXT         NOT NULL,
    result       TEXT,
    owner        VARCHAR(128) NOT NULL,
    created_at   BIGINT       NOT NULL,
    finished_at  BIGINT,
    expires_at   BIGINT       NOT NULL
);

CREATE INDEX judge0_submissions_expiry ON judge0_submissions (expires_at);
CREATE INDEX judge0_submissions_in_flight ON judge0_submissions (status_id, created_at);
