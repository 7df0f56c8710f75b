package io.sandgate.compat.piston;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Piston's v2 API on the packaged gateway (the native binary under -Dnative). */
@QuarkusIntegrationTest
class PistonIT extends PistonApiTest {}
