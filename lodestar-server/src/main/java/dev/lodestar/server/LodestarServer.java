package dev.lodestar.server;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lodestar.core.auth.WriteKeys;
import dev.lodestar.core.identity.IdentityConfigFile;
import dev.lodestar.core.identity.Normalizer;
import dev.lodestar.core.ingest.GroupCommitter;
import dev.lodestar.core.person.PersonService;
import dev.lodestar.core.segment.MemberExport;
import dev.lodestar.engine.duckdb.DuckDbAnalyticsEngine;
import dev.lodestar.engine.duckdb.DuckDbDatabase;
import dev.lodestar.engine.duckdb.DuckDbEventStore;
import dev.lodestar.engine.duckdb.DuckDbIdentityStore;
import dev.lodestar.engine.duckdb.DuckDbSavedAnalyses;
import dev.lodestar.server.api.AnalysisRoutes;
import dev.lodestar.server.api.ApiRoutes;
import dev.lodestar.server.api.FunnelPersonsRoutes;
import dev.lodestar.server.api.FunnelRoutes;
import dev.lodestar.server.api.RetentionRoutes;
import dev.lodestar.server.api.ScoreRoutes;
import dev.lodestar.server.api.SegmentRoutes;
import dev.lodestar.server.collector.CollectorRoutes;
import dev.lodestar.server.imports.ImportRoutes;
import dev.lodestar.server.person.PersonRoutes;
import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import dev.lodestar.spi.analysis.EventNameCount;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The composition root of a running server: store, writer, collector, API and dashboard. */
public final class LodestarServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LodestarServer.class);

    /** How often due dynamic segments are looked for. */
    private static final Duration SEGMENT_REFRESH_CHECK = Duration.ofMinutes(1);

    private final ServerConfig config;
    private final DuckDbDatabase database;
    private final DuckDbEventStore store;
    private final GroupCommitter committer;
    private final PersonService persons;
    private final Segmentation segmentation;
    private final WriteKeys writeKeys;
    private final Javalin app;

    private LodestarServer(ServerConfig config) {
        this.config = requireNonNull(config, "config is null");
        this.database = DuckDbDatabase.open(config.dataDirectory());
        try {
            this.store = new DuckDbEventStore(database);
            this.committer =
                    new GroupCommitter(store, config.dedupWindow(), config.maxQueuedEvents(), config.maxGroupEvents());
            this.writeKeys = new WriteKeys(config.dataDirectory());
            ObjectMapper mapper =
                    new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
            CollectorRoutes collector = new CollectorRoutes(mapper, writeKeys, committer);
            ApiRoutes api = new ApiRoutes(new DuckDbAnalyticsEngine(database), committer, config.zone());
            DuckDbIdentityStore identities = new DuckDbIdentityStore(database);
            this.persons = new PersonService(
                            identities, new Normalizer(IdentityConfigFile.load(config.dataDirectory())))
                    .startBackground(Duration.ofSeconds(1));
            DuckDbAnalyticsEngine engine = new DuckDbAnalyticsEngine(database);
            this.segmentation = new Segmentation(database, persons, identities, config.zone());
            segmentation.segments().startBackground(SEGMENT_REFRESH_CHECK);
            PersonRoutes personRoutes = new PersonRoutes(persons, identities, mapper, config.zone(), segmentation);
            FunnelRoutes funnelRoutes = new FunnelRoutes(engine, config.zone());
            RetentionRoutes retentionRoutes = new RetentionRoutes(engine, config.zone());
            FunnelPersonsRoutes drillDown = new FunnelPersonsRoutes(
                    engine, config.zone(), new MemberExport(persons, identities), segmentation.segments());
            this.app = Javalin.create(javalin -> {
                javalin.jsonMapper(new JavalinJackson(mapper, false));
                javalin.jetty.host = config.host();
                javalin.jetty.port = config.port();
                javalin.http.maxRequestSize = 8L * 1024 * 1024;
                // analytics-java joins its endpoint and path as "http://host/" + "/v1/import/"
                javalin.router.treatMultipleSlashesAsSingleSlash = true;
                javalin.router.ignoreTrailingSlashes = true;
                javalin.startup.showJavalinBanner = false;
                javalin.staticFiles.add("/web", Location.CLASSPATH);
                javalin.staticFiles.enableWebjars();
                collector.register(javalin.routes);
                api.register(javalin.routes);
                funnelRoutes.register(javalin.routes);
                retentionRoutes.register(javalin.routes);
                drillDown.register(javalin.routes);
                dev.lodestar.server.api.ActivityRoutes activityRoutes =
                        new dev.lodestar.server.api.ActivityRoutes(new DuckDbAnalyticsEngine(database), config.zone());
                new AnalysisRoutes(
                                new DuckDbSavedAnalyses(database),
                                funnelRoutes,
                                retentionRoutes,
                                drillDown,
                                activityRoutes,
                                config.zone())
                        .register(javalin.routes);
                new dev.lodestar.server.api.TrendsRoutes(new DuckDbAnalyticsEngine(database), config.zone())
                        .register(javalin.routes);
                activityRoutes.register(javalin.routes);
                personRoutes.register(javalin.routes);
                new ScoreRoutes(segmentation.scores(), segmentation.matrix(), config.zone(), Clock.systemUTC())
                        .register(javalin.routes);
                new SegmentRoutes(
                                segmentation.segments(),
                                persons,
                                segmentation.export(),
                                () -> engine.eventNames().stream()
                                        .filter(e -> e.type().equals("track"))
                                        .map(EventNameCount::name)
                                        .toList())
                        .register(javalin.routes);
                new ImportRoutes(persons, store, mapper, config.dataDirectory()).register(javalin.routes);
                javalin.routes.exception(LodestarException.class, (e, ctx) -> ErrorResponses.write(ctx, e));
                javalin.routes.exception(Exception.class, (e, ctx) -> {
                    log.error("request {} {} failed", ctx.method(), ctx.path(), e);
                    ErrorResponses.write(
                            ctx, new LodestarException(ErrorCode.INTERNAL, "internal error: " + e.getMessage(), e));
                });
            });
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    public PersonService persons() {
        return persons;
    }

    /** Opens the data directory and starts listening. */
    public static LodestarServer start(ServerConfig config) {
        LodestarServer server = new LodestarServer(config);
        try {
            server.app.start();
        } catch (RuntimeException e) {
            server.close();
            throw new LodestarException(
                    ErrorCode.INTERNAL,
                    "cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(),
                    e);
        }
        log.info("Lodestar listening on {}", server.url());
        return server;
    }

    public int port() {
        return app.port();
    }

    public String url() {
        String host = config.host().equals("0.0.0.0") ? "127.0.0.1" : config.host();
        return "http://" + host + ":" + port() + "/";
    }

    public WriteKeys writeKeys() {
        return writeKeys;
    }

    public GroupCommitter committer() {
        return committer;
    }

    @Override
    public void close() {
        try {
            app.stop();
        } finally {
            try {
                committer.close();
                store.close();
                segmentation.close();
                persons.close();
                persons.sync(); // what the last commits said about persons, before the store closes
            } finally {
                database.close();
            }
        }
    }
}
