package io.sandgate.compat.judge0;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A yes-or-no query parameter as Judge0 reads it ({@code wait}, {@code base64_encoded}): on for
 * exactly {@code true}, off for anything else, absent included. Never an error.
 */
@Schema(type = SchemaType.STRING)
public record Judge0Flag(boolean on) {

  /** How JAX-RS makes one from the parameter's text. */
  public static Judge0Flag fromString(String text) {
    return new Judge0Flag("true".equals(text));
  }
}
