package dev.homebase.server;

import dev.homebase.server.cli.HomebaseCommand;

/** Entry point of the {@code homebase} command line. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(HomebaseCommand.run(args));
    }
}
