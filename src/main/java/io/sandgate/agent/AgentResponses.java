package io.sandgate.agent;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;

/** Turns an agent's status and body into a wire record or an {@link AgentException}. */
final class AgentResponses {

    private AgentResponses() {
    }

    /** @throws IOException when the body cannot be read (as opposed to read and found invalid) */
    static <T> T decode(ObjectMapper json, int status, InputStream body, Class<T> type) throws IOException {
        if (status == 409) {
            throw new AgentException(AgentException.Reason.ALREADY_USED, "the sandbox has already run a program");
        }
        if (status != 200) {
            throw new AgentException(AgentException.Reason.FAILED, "agent answered HTTP " + status);
        }
        try {
            // Trailing tokens are checked, so the whole declared body is read: a short one fails as I/O.
            return json.readerFor(type).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readValue(body);
        } catch (JacksonException e) {
            throw new AgentException(AgentException.Reason.FAILED, "agent answer is not valid", e);
        }
    }
}
