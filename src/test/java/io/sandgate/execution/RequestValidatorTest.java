package io.sandgate.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestValidatorTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "ascii", "żółw", "€€€", "🐢 turtle", "mixed ü € 🐢 x"})
    void utf8LengthMatchesTheEncoder(String s) {
        assertEquals(s.getBytes(StandardCharsets.UTF_8).length, RequestValidator.utf8Length(s));
    }

    @Test
    void loneSurrogateCountsAsTheThreeBytesTheAgentWrites() {
        assertEquals(3, RequestValidator.utf8Length("\uD800"));
    }
}
