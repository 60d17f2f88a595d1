package io.livepoint.server;

import io.livepoint.core.Clock;

/** {@code ./livepoint [options]}: parses the command line and runs the server until stopped. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    Cli.Parsed parsed;
    try {
      parsed = Cli.parse(args);
    } catch (ConfigException e) {
      System.err.println("livepoint: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (parsed.help()) {
      System.out.print(Cli.help());
      return;
    }
    LivepointServer server = new LivepointServer(parsed.config(), Clock.SYSTEM);
    try {
      server.start();
    } catch (Exception e) {
      System.err.println("livepoint: cannot start: " + e.getMessage());
      server.close();
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "shutdown"));
    Thread.currentThread().join();
  }
}
