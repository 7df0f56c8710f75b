package io.sandgate.edge;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The edge against slow and greedy clients on the packaged gateway (the native binary under
 * -Dnative).
 */
@QuarkusIntegrationTest
@TestProfile(EdgeTest.TightEdge.class)
class EdgeIT extends EdgeTest {}
