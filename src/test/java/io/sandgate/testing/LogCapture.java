package io.sandgate.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** Captures every log record of the process, formatted as the console would show its message. */
public final class LogCapture extends Handler implements AutoCloseable {

  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final List<String> errors = new CopyOnWriteArrayList<>();
  private final SimpleFormatter formatter = new SimpleFormatter();

  public static LogCapture start() {
    LogCapture capture = new LogCapture();
    Logger.getLogger("").addHandler(capture);
    return capture;
  }

  @Override
  public void publish(LogRecord record) {
    StringBuilder line = new StringBuilder(formatter.formatMessage(record));
    for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
      line.append(" | ").append(t);
    }
    lines.add(line.toString());
    if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
      errors.add(line.toString());
    }
  }

  /** The lines logged at ERROR (or above). */
  public List<String> errors() {
    return List.copyOf(errors);
  }

  public List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    Logger.getLogger("").removeHandler(this);
  }
}
