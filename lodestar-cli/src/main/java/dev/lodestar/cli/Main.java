package dev.lodestar.cli;

import dev.lodestar.spi.LodestarException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lodestar} command. */
@Command(
        name = "lodestar",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Lodestar: collect, unify and understand your users (北极星: 采集、打通、洞察用户).",
        subcommands = {
            DemoCommand.class,
            ServeCommand.class,
            IngestCommand.class,
            ImportCommand.class,
            KeysCommand.class,
            PersonsCommand.class,
            SegmentsCommand.class,
            StatsCommand.class,
            TrendsCommand.class,
            LifecycleCommand.class,
            StickinessCommand.class,
            DistributionCommand.class,
            SimulateCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code: 0 ok, 1 failure, 2 bad usage. */
    public static int execute(String... args) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            if (e instanceof LodestarException le) {
                cmd.getErr().println("lodestar: " + le.getMessage());
                return 1;
            }
            if (e instanceof IllegalArgumentException) {
                cmd.getErr().println("lodestar: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return commandLine.execute(args);
    }

    /** Reads the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"lodestar " + (version == null ? "development" : version)};
        }
    }
}
