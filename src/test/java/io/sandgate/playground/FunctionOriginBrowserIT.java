package io.sandgate.playground;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The key-theft attack in Chromium against the packaged gateway (the native binary under -Dnative).
 */
@QuarkusIntegrationTest
class FunctionOriginBrowserIT extends FunctionOriginBrowserTest {}
