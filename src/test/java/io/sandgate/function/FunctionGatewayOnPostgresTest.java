package io.sandgate.function;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sandgate.testing.OnPostgres;

/** The data plane's tests again, with PostgreSQL as the store. */
@QuarkusTest
@TestProfile(OnPostgres.class)
class FunctionGatewayOnPostgresTest extends FunctionGatewayTest {}
