package io.sandgate.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;

/** Turns an agent's status and body into a wire record or an {@link AgentException}. */
final class AgentResponses {

    private AgentResponses() {
    }

    static <T> T decode(ObjectMapper json, int status, InputStream body, Class<T> type) {
        if (status == 409) {
            throw new AgentException(AgentException.Reason.ALREADY_USED, "the sandbox has already run a program");
        }
        if (status != 200) {
            throw new AgentException(AgentException.Reason.FAILED, "agent answered HTTP " + status);
        }
        try {
            return json.readValue(body, type);
        } catch (IOException e) {
            throw new AgentException(AgentException.Reason.FAILED, "agent answer is not valid", e);
        }
    }
}
