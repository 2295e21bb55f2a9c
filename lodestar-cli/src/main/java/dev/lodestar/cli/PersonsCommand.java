package dev.lodestar.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lodestar.core.identity.Identity;
import dev.lodestar.core.identity.IdentityConfigFile;
import dev.lodestar.core.identity.IdentityType;
import dev.lodestar.core.identity.Normalized;
import dev.lodestar.core.identity.Normalizer;
import dev.lodestar.core.person.PersonJson;
import dev.lodestar.core.person.PersonService;
import dev.lodestar.core.person.PersonService.Person;
import dev.lodestar.engine.duckdb.DuckDbDatabase;
import dev.lodestar.engine.duckdb.DuckDbIdentityStore;
import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lodestar persons}: privacy requests (PIPL, GDPR) on a data directory. */
@Command(
        name = "persons",
        description = "Export or erase a person's data (privacy requests).",
        subcommands = {PersonsCommand.Export.class, PersonsCommand.Erase.class})
public final class PersonsCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand: export or erase");
    }

    /** Which person: by id or by any identifier. */
    static final class Who {
        @Option(names = "--id", description = "Person id (p...).")
        String id;

        @Option(
                names = "--identity",
                paramLabel = "TYPE=VALUE",
                description = "Any identifier in any format, e.g. phone=138 0013 8000 or email=a@b.cn or user_id=u1.")
        String identity;
    }

    static Person find(PersonService persons, Who who) {
        if (who.identity == null) {
            return persons.find(who.id)
                    .orElseThrow(() -> new LodestarException(ErrorCode.NOT_FOUND, "no person " + who.id));
        }
        int eq = who.identity.indexOf('=');
        if (eq <= 0) {
            throw new LodestarException(
                    ErrorCode.INVALID_ARGUMENT,
                    "--identity '" + who.identity + "' is not TYPE=VALUE (e.g. phone=13800138000)");
        }
        String type = who.identity.substring(0, eq);
        IdentityType identityType = persons.type(type)
                .orElseThrow(() ->
                        new LodestarException(ErrorCode.INVALID_ARGUMENT, "unknown identifier type '" + type + "'"));
        Normalized normalized = persons.normalizer().normalize(identityType, who.identity.substring(eq + 1));
        if (normalized instanceof Normalized.Invalid invalid) {
            throw new LodestarException(ErrorCode.INVALID_ARGUMENT, type + " is not valid: " + invalid.reason());
        }
        Identity identity = ((Normalized.Valid) normalized).identity();
        return persons.find(identity)
                .orElseThrow(() -> new LodestarException(ErrorCode.NOT_FOUND, "no person has " + identity));
    }

    @Command(name = "export", description = "Write everything stored about a person as JSON.")
    static final class Export implements Callable<Integer> {
        @Mixin
        DataOptions data;

        @ArgGroup(multiplicity = "1")
        Who who;

        @Option(names = "--out", description = "File to write (default: standard output).")
        Path out;

        @Override
        public Integer call() throws Exception {
            try (DuckDbDatabase database = DuckDbDatabase.open(data.directory())) {
                DuckDbIdentityStore store = new DuckDbIdentityStore(database);
                try (PersonService persons =
                        new PersonService(store, new Normalizer(IdentityConfigFile.load(data.directory())))) {
                    Person person = find(persons, who);
                    Map<String, Object> body = PersonJson.export(store, person);
                    int events = ((List<?>) body.get("events")).size();
                    String json = new ObjectMapper()
                            .enable(SerializationFeature.INDENT_OUTPUT)
                            .writeValueAsString(body);
                    if (out == null) {
                        System.out.println(json);
                    } else {
                        Files.writeString(out, json);
                        System.out.println("exported person " + person.id() + " (" + events + " events) to " + out);
                    }
                }
            }
            return 0;
        }
    }

    @Command(name = "erase", description = "Erase a person: identities, traits and events (irreversible).")
    static final class Erase implements Callable<Integer> {
        @Mixin
        DataOptions data;

        @ArgGroup(multiplicity = "1")
        Who who;

        @Option(names = "--yes", description = "Confirm: the erasure cannot be undone.")
        boolean yes;

        @Override
        public Integer call() {
            try (DuckDbDatabase database = DuckDbDatabase.open(data.directory())) {
                DuckDbIdentityStore store = new DuckDbIdentityStore(database);
                try (PersonService persons =
                        new PersonService(store, new Normalizer(IdentityConfigFile.load(data.directory())))) {
                    Person person = find(persons, who);
                    if (!yes) {
                        System.out.println("person " + person.id() + " has "
                                + person.identities().size()
                                + " identities; run again with --yes to erase it (cannot be undone)");
                        return 1;
                    }
                    long events = persons.erase(person);
                    System.out.println("erased person " + person.id() + ": "
                            + person.identities().size() + " identities, " + events + " events");
                }
            }
            return 0;
        }
    }
}
