package io.sandgate.execution;

import io.sandgate.tenant.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** Checks an execution request against the limits and the tenant's caps. */
@ApplicationScoped
public class RequestValidator {

    private final ExecutionLimits limits;

    public RequestValidator(ExecutionLimits limits) {
        this.limits = limits;
    }

    /** Returns the timeout to run with, or throws a 400/413 exception saying what to change. */
    public Duration validate(Tenant tenant, ExecutionRequest request) {
        if (request.code() == null || request.code().isEmpty()) {
            throw new InvalidRequestException("'code' is required and must not be empty");
        }
        requireUnicode("code", request.code());
        requireUnicode("stdin", request.stdin());
        request.args().forEach(arg -> requireUnicode("args", arg));
        long codeBytes = utf8Length(request.code());
        if (codeBytes > limits.maxCodeBytes().asLongValue()) {
            throw new RequestTooLargeException("'code' is " + codeBytes + " bytes; the limit is "
                    + limits.maxCodeBytes().asLongValue() + " bytes");
        }
        long stdinBytes = utf8Length(request.stdin());
        if (stdinBytes > limits.maxStdinBytes().asLongValue()) {
            throw new RequestTooLargeException("'stdin' is " + stdinBytes + " bytes; the limit is "
                    + limits.maxStdinBytes().asLongValue() + " bytes");
        }
        if (request.args().size() > limits.maxArgs()) {
            throw new InvalidRequestException("'args' has " + request.args().size() + " items; at most "
                    + limits.maxArgs() + " are allowed");
        }
        long argsBytes = 0;
        for (String arg : request.args()) {
            if (arg.indexOf('\0') >= 0) {
                throw new InvalidRequestException("'args' items must not contain NUL characters");
            }
            argsBytes += utf8Length(arg);
        }
        if (argsBytes > limits.maxArgsBytes().asLongValue()) {
            throw new RequestTooLargeException("'args' total " + argsBytes + " bytes; the limit is "
                    + limits.maxArgsBytes().asLongValue() + " bytes");
        }
        Duration timeout = request.timeout().orElse(min(limits.defaultTimeout(), tenant.maxTimeout()));
        if (timeout.toMillis() < 1 || timeout.compareTo(tenant.maxTimeout()) > 0) {
            throw new InvalidRequestException("'timeoutMs' must be between 1 and " + tenant.maxTimeout().toMillis()
                    + " (this tenant's maximum)");
        }
        return timeout;
    }

    /**
     * JSON can carry half a UTF-16 pair ({@code "\ud800"}), which is no text at all: it has no
     * UTF-8 form, so no program could be handed it.
     */
    static void requireUnicode(String field, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidRequestException(String.format("'%s' is not valid Unicode text: a lone surrogate"
                        + " \\u%04x at character %d", field, (int) c, i));
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** UTF-8 length without encoding the whole string. */
    static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
