package io.sandgate.execution;

import io.sandgate.agent.AgentLimits;
import io.sandgate.runtime.PythonRuntime;
import io.sandgate.tenant.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks an execution request against the limits and the tenant's caps. */
@ApplicationScoped
public class RequestValidator {

  private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");

  private final ExecutionLimits limits;

  public RequestValidator(ExecutionLimits limits) {
    this.limits = limits;
  }

  /** Returns the timeout to run with, or throws a 400/413 exception saying what to change. */
  public Duration validate(Tenant tenant, ExecutionRequest request) {
    if (request.code() == null || request.code().isEmpty()) {
      throw new InvalidRequestException("'code' is required and must not be empty");
    }
    // One pass over each string measures it and refuses half a UTF-16 pair.
    long codeBytes = utf8Length("code", request.code());
    long stdinBytes = utf8Length("stdin", request.stdin());
    long[] argBytes = new long[request.args().size()];
    for (int i = 0; i < argBytes.length; i++) {
      argBytes[i] = utf8Length("args", request.args().get(i));
    }
    if (codeBytes > limits.maxCodeBytes().asLongValue()) {
      throw new RequestTooLargeException(
          "'code' is "
              + codeBytes
              + " bytes; the limit is "
              + limits.maxCodeBytes().asLongValue()
              + " bytes");
    }
    if (stdinBytes > limits.maxStdinBytes().asLongValue()) {
      throw new RequestTooLargeException(
          "'stdin' is "
              + stdinBytes
              + " bytes; the limit is "
              + limits.maxStdinBytes().asLongValue()
              + " bytes");
    }
    if (request.args().size() > limits.maxArgs()) {
      throw new InvalidRequestException(
          "'args' has "
              + request.args().size()
              + " items; at most "
              + limits.maxArgs()
              + " are allowed");
    }
    long argsBytes = 0;
    for (int i = 0; i < argBytes.length; i++) {
      if (request.args().get(i).indexOf('\0') >= 0) {
        throw new InvalidRequestException("'args' items must not contain NUL characters");
      }
      argsBytes += argBytes[i];
    }
    if (argsBytes > limits.maxArgsBytes().asLongValue()) {
      throw new RequestTooLargeException(
          "'args' total "
              + argsBytes
              + " bytes; the limit is "
              + limits.maxArgsBytes().asLongValue()
              + " bytes");
    }
    validateFiles(request.runtime(), request.files());
    Duration timeout = request.timeout().orElse(min(limits.defaultTimeout(), tenant.maxTimeout()));
    if (timeout.toMillis() < 1 || timeout.compareTo(tenant.maxTimeout()) > 0) {
      throw new InvalidRequestException(
          "'timeoutMs' must be between 1 and "
              + tenant.maxTimeout().toMillis()
              + " (this tenant's maximum)");
    }
    return timeout;
  }

  /**
   * Files beside the program, checked as the agent checks them (so that every accepted request
   * reaches the program): relative paths of plain names (letters, digits, {@code . _ -}), at most
   * {@link AgentLimits#MAX_FILE_DEPTH} deep, never {@code ..}, never at or under a name the sandbox
   * makes itself ({@link PythonRuntime#reservedNames()}), each once, no file where another needs a
   * directory; within count and size.
   */
  private void validateFiles(PythonRuntime runtime, List<ProgramFile> files) {
    if (files.size() > limits.maxFiles()) {
      throw new InvalidRequestException(
          "'files' has " + files.size() + " items; at most " + limits.maxFiles() + " are allowed");
    }
    Set<String> names = new HashSet<>();
    long total = 0;
    for (ProgramFile file : files) {
      String name = file.name();
      String[] parts = name == null ? new String[0] : name.split("/");
      if (name == null
          || name.length() > AgentLimits.MAX_FILE_NAME
          || !FILE_NAME.matcher(name).matches()
          || Arrays.stream(parts).anyMatch(part -> part.equals(".") || part.equals(".."))) {
        throw new InvalidRequestException(
            "file name '"
                + printable(name)
                + "' is not a relative path of"
                + " plain names (letters, digits, '.', '_', '-'; no '..'; at most "
                + AgentLimits.MAX_FILE_NAME
                + " characters)");
      }
      if (parts.length > AgentLimits.MAX_FILE_DEPTH) {
        throw new InvalidRequestException(
            "file name '" + name + "' is more than " + AgentLimits.MAX_FILE_DEPTH + " levels deep");
      }
      String reserved = runtime.reservedNames().get(parts[0]);
      if (reserved != null) {
        throw new InvalidRequestException(
            "file name '"
                + name
                + "' is "
                + (parts.length > 1 ? "under '" + parts[0] + "', " : "")
                + "reserved by the sandbox on "
                + runtime.id()
                + ": "
                + reserved);
      }
      if (!names.add(name)) {
        throw new InvalidRequestException("file name '" + name + "' is given twice");
      }
      total += file.content().length;
    }
    for (String name : names) {
      for (int slash = name.indexOf('/'); slash > 0; slash = name.indexOf('/', slash + 1)) {
        if (names.contains(name.substring(0, slash))) {
          throw new InvalidRequestException(
              "file name '" + name.substring(0, slash) + "' is also a directory of another file");
        }
      }
    }
    if (total > limits.maxFilesBytes().asLongValue()) {
      throw new RequestTooLargeException(
          "'files' total "
              + total
              + " bytes; the limit is "
              + limits.maxFilesBytes().asLongValue()
              + " bytes");
    }
  }

  /**
   * A name quoted back without control characters (it is the client's own, but goes into a log-free
   * answer).
   */
  private static String printable(String name) {
    return name == null ? "" : name.replaceAll("\\p{Cntrl}", "?");
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /**
   * UTF-8 length without encoding the whole string; a lone surrogate counts as the three bytes the
   * agent writes.
   */
  static long utf8Length(String s) {
    return utf8Length(null, s);
  }

  /**
   * UTF-8 length, refusing (when {@code field} is named) half a UTF-16 pair: JSON can carry one
   * ({@code "\ud800"}), which is no text at all and has no UTF-8 form, so no program could be
   * handed it.
   */
  private static long utf8Length(String field, String s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else if (Character.isSurrogate(c) && field != null) {
        throw new InvalidRequestException(
            String.format(
                "'%s' is not valid Unicode text: a lone surrogate" + " \\u%04x at character %d",
                field, (int) c, i));
      } else {
        n += 3;
      }
    }
    return n;
  }
}
