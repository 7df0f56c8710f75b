package io.sandgate.function;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/** Functions' own origins on the packaged gateway (the native binary under -Dnative). */
@QuarkusIntegrationTest
@TestProfile(FunctionOriginTest.OwnOrigins.class)
class FunctionOriginIT extends FunctionOriginTest {}
