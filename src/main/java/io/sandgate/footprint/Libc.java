package io.sandgate.footprint;

import org.graalvm.nativeimage.c.function.CFunction;

/**
 * The C library's calls the native gateway makes itself; linked into the native image only, never
 * called on a JVM.
 */
final class Libc {

  /**
   * madvise(2): reclaim these pages now (Linux 5.4+); clean file pages are read again on their next
   * use.
   */
  static final int MADV_PAGEOUT = 21;

  private Libc() {}

  /** madvise(2) with the address as a number: 0, or -1 when the kernel refused. */
  @CFunction("madvise")
  static native int madvise(long address, long length, int advice);
}
