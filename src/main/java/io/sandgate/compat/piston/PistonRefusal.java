package io.sandgate.compat.piston;

/** A request Piston itself would refuse, with Piston's own message: a {@code 400 {"message"}}. */
class PistonRefusal extends RuntimeException {

  PistonRefusal(String message) {
    super(message, null, false, false);
  }
}
