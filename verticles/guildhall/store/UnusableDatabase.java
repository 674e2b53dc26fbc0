package guildhall.store;

/**
 * The database cannot be used by this build at all: a corrupt or unreadable file, or a schema from a
 * newer Guildhall. Starting stops with this message as one log line. When restarting cannot help (a
 * corrupt file, a newer schema), {@link guildhall.Main} exits with {@link #EXIT_CODE}, which the systemd
 * unit does not restart on; otherwise with 1, like any failed start.
 */
public final class UnusableDatabase extends RuntimeException {
  public static final int EXIT_CODE = 3;
  public final boolean restartMayHelp;

  UnusableDatabase(String message, boolean restartMayHelp) {
    super(message, null, false, false); // the message says it all; a stack trace would bury it
    this.restartMayHelp = restartMayHelp;
  }
}
