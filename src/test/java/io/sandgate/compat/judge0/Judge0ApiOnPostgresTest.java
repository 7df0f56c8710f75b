package io.sandgate.compat.judge0;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sandgate.testing.OnPostgres;

/** Judge0's API tests again, with PostgreSQL as the store. */
@QuarkusTest
@TestProfile(OnPostgres.class)
class Judge0ApiOnPostgresTest extends Judge0ApiTest {}
