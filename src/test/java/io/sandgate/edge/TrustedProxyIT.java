package io.sandgate.edge;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Trusted proxies and forwarded clients on the packaged gateway (the native binary under -Dnative).
 */
@QuarkusIntegrationTest
@TestProfile(TrustedProxyTest.BehindAProxy.class)
class TrustedProxyIT extends TrustedProxyTest {}
