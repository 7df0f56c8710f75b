package io.sandgate.compat.judge0;

import java.time.Instant;

/** A stored submission: who made it, its state, and its result once it ran (null before). */
record Judge0Record(
    String token,
    String tenant,
    Judge0Status status,
    Judge0Submission submission,
    Judge0Result result,
    Instant createdAt,
    Instant finishedAt) {}
