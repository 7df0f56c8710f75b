package io.sandgate.sandbox;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Hands out the user ids sandboxes run as: one per live sandbox, never two at once. Picked at
 * random from the range, so that gateways sharing an engine rarely pick the same; a pick that
 * another gateway's live sandbox already holds is found by its label and given up ({@link
 * SandboxRuntime#create}).
 */
final class SandboxUids {

  private final int start;
  private final int count;
  private final Set<Integer> taken = new HashSet<>();
  private final SecureRandom random = new SecureRandom();

  /**
   * {@code socketGid}: the group a non-root gateway shares with the agents, which no program may be
   * in.
   */
  SandboxUids(int start, int count, OptionalInt socketGid) {
    if (start <= 65534 || count < 1 || (long) start + count > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "sandbox uids must lie above 65534, within 32 bits: got start "
              + start
              + ", count "
              + count);
    }
    if (socketGid.isPresent()
        && socketGid.getAsInt() >= start
        && socketGid.getAsInt() - start < count) {
      throw new IllegalArgumentException(
          "sandgate.sandbox.socket-gid "
              + socketGid.getAsInt()
              + " lies in the"
              + " sandbox uid range: a program would run in the socket group");
    }
    this.start = start;
    this.count = count;
  }

  /** A uid no live sandbox of this gateway holds; empty when every one of the range is taken. */
  synchronized OptionalInt take() {
    if (taken.size() >= count) {
      return OptionalInt.empty();
    }
    while (true) {
      int uid = start + random.nextInt(count);
      if (taken.add(uid)) {
        return OptionalInt.of(uid);
      }
    }
  }

  /** The sandbox that held {@code uid} is gone. */
  synchronized void release(int uid) {
    taken.remove(uid);
  }

  synchronized int inUse() {
    return taken.size();
  }
}
