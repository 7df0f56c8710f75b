package io.sandgate.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * What is at a path where a Unix socket should be, by lstat: a link planted there is never
 * followed.
 */
public enum SocketFile {
  SOCKET,
  MISSING,
  NOT_A_SOCKET,
  UNREADABLE;

  private static final int S_IFMT = 0170000;
  private static final int S_IFSOCK = 0140000;

  public static SocketFile at(Path path) {
    try {
      int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      return (mode & S_IFMT) == S_IFSOCK ? SOCKET : NOT_A_SOCKET;
    } catch (NoSuchFileException e) {
      return MISSING;
    } catch (IOException | UnsupportedOperationException e) {
      return UNREADABLE;
    }
  }
}
