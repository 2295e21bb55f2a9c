package dev.lodestar.cli;

import dev.lodestar.core.auth.WriteKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lodestar keys}: write keys for sources. Works while a server runs. */
@Command(
        name = "keys",
        description = "Create, list and revoke write keys (one per source).",
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
public final class KeysCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(
                spec.commandLine(), "missing subcommand: create, list or revoke");
    }

    @Command(name = "create", description = "Create a write key and print it.")
    static final class Create implements Runnable {
        @Mixin
        DataOptions data;

        @Option(names = "--source", required = true, description = "Name of the source, e.g. web or ios.")
        String source;

        @Override
        public void run() {
            WriteKeys.WriteKey key = new WriteKeys(data.directory()).create(source);
            System.out.println(key.key());
        }
    }

    @Command(name = "list", description = "List write keys.")
    static final class ListKeys implements Runnable {
        @Mixin
        DataOptions data;

        @Override
        public void run() {
            System.out.printf("%-40s %-16s %-28s %s%n", "KEY", "SOURCE", "CREATED", "REVOKED");
            for (WriteKeys.WriteKey key : new WriteKeys(data.directory()).list()) {
                System.out.printf(
                        "%-40s %-16s %-28s %s%n",
                        key.key(), key.source(), key.createdAt(), key.revoked() ? key.revokedAt() : "-");
            }
        }
    }

    @Command(name = "revoke", description = "Revoke a write key; its clients are refused from then on.")
    static final class Revoke implements Runnable {
        @Mixin
        DataOptions data;

        @Parameters(paramLabel = "KEY", description = "The key to revoke.")
        String key;

        @Override
        public void run() {
            WriteKeys.WriteKey revoked = new WriteKeys(data.directory()).revoke(key);
            System.out.println("revoked " + revoked.key() + " (source " + revoked.source() + ")");
        }
    }
}
