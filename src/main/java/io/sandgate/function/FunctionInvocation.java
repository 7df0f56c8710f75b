package io.sandgate.function;

import io.sandgate.runtime.PythonRuntime;
import java.util.Map;

/**
 * One call of a function's version: what the sandbox needs to run its handler on an event.
 *
 * @param name the function's name
 * @param version its version
 * @param runtime the runtime it was deployed for
 * @param handler the handler's name in its module
 * @param code the module's source
 * @param env its environment
 * @param timeoutMs the wall-clock limit of one call
 * @param requestId this call's id
 * @param event the event (API.md, "Functions")
 * @param cookiePath the path under which its answer may set cookies: its tenant's own
 */
public record FunctionInvocation(
    String name,
    int version,
    PythonRuntime runtime,
    String handler,
    String code,
    Map<String, String> env,
    long timeoutMs,
    String requestId,
    FunctionEvent event,
    String cookiePath) {}
