package io.sandgate.function;

/**
 * No such function (or version) for this tenant: a 404, the same whether it exists elsewhere or
 * not.
 */
public class FunctionNotFoundException extends RuntimeException {

  public FunctionNotFoundException(String message) {
    super(message);
  }
}
