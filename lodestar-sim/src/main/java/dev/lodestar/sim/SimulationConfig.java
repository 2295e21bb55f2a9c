package dev.lodestar.sim;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.time.ZoneId;

/**
 * What to simulate and how to write it. Start from {@link #defaults()} and change fields with the
 * {@code with...} methods.
 *
 * @param persons number of persons (each has one latent profile; not all of them buy)
 * @param days length of the simulated period in days
 * @param seed the seed: the same seed and config give the same output bytes
 * @param endDate the period ends at the start of this day (exclusive) in {@code zone}, so the
 *     last simulated day is the day before; the default is today in Asia/Shanghai
 * @param zone the business's time zone (day boundaries, active hours, timestamps' offset in JSON)
 * @param preset the kind of business
 * @param format event file format
 * @param gzip gzip JSON lines parts (ignored for Parquet)
 * @param sources also write the messy source exports to {@code sources/}
 * @param offlineStore include the offline-store sales sheet among the sources
 * @param personsPerPart persons per event part file; part boundaries depend only on this, so
 *     output is the same for any number of threads
 * @param threads generator threads (the writer runs on the calling thread)
 * @param purchaseModel population parameters of the purchase process
 * @param identityMix shares of identity situations and messy formats
 */
public record SimulationConfig(
        int persons,
        int days,
        long seed,
        LocalDate endDate,
        ZoneId zone,
        BusinessPreset preset,
        OutputFormat format,
        boolean gzip,
        boolean sources,
        boolean offlineStore,
        int personsPerPart,
        int threads,
        PurchaseModel purchaseModel,
        IdentityMix identityMix) {

    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");

    /** Persons per generated chunk; parts are whole multiples of it. */
    public static final int CHUNK_PERSONS = 250;

    public SimulationConfig {
        if (persons < 1) {
            throw new IllegalArgumentException("persons must be at least 1, found " + persons);
        }
        if (days < 1 || days > 3660) {
            throw new IllegalArgumentException("days must be between 1 and 3660, found " + days);
        }
        requireNonNull(endDate, "endDate is null");
        requireNonNull(zone, "zone is null");
        requireNonNull(preset, "preset is null");
        requireNonNull(format, "format is null");
        requireNonNull(purchaseModel, "purchaseModel is null");
        requireNonNull(identityMix, "identityMix is null");
        if (personsPerPart < CHUNK_PERSONS || personsPerPart % CHUNK_PERSONS != 0) {
            throw new IllegalArgumentException(
                    "personsPerPart must be a positive multiple of " + CHUNK_PERSONS + ", found " + personsPerPart);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, found " + threads);
        }
    }

    /** 15,000 persons (about 900,000 events; 16,700 give about a million), 180 days ending today in Asia/Shanghai, seed 42, Parquet. */
    public static SimulationConfig defaults() {
        return new SimulationConfig(
                15_000,
                180,
                42L,
                LocalDate.now(DEFAULT_ZONE),
                DEFAULT_ZONE,
                BusinessPreset.SHOP,
                OutputFormat.PARQUET,
                false,
                false,
                true,
                15_000,
                Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())),
                PurchaseModel.defaults(),
                IdentityMix.defaults());
    }

    public SimulationConfig withPersons(int value) {
        return new SimulationConfig(
                value,
                days,
                seed,
                endDate,
                zone,
                preset,
                format,
                gzip,
                sources,
                offlineStore,
                personsPerPart,
                threads,
                purchaseModel,
                identityMix);
    }

    public SimulationConfig withDays(int value) {
        return new SimulationConfig(
                persons,
                value,
                seed,
                endDate,
                zone,
                preset,
                format,
                gzip,
                sources,
                offlineStore,
                personsPerPart,
                threads,
                purchaseModel,
                identityMix);
    }

    public SimulationConfig withSeed(long value) {
        return new SimulationConfig(
                persons,
                days,
                value,
                endDate,
                zone,
                preset,
                format,
                gzip,
                sources,
                offlineStore,
                personsPerPart,
                threads,
                purchaseModel,
                identityMix);
    }

    public SimulationConfig withEndDate(LocalDate value) {
        return new SimulationConfig(
                persons,
                days,
                seed,
                value,
                zone,
                preset,
                format,
                gzip,
                sources,
                offlineStore,
                personsPerPart,
                threads,
                purchaseModel,
                identityMix);
    }

    public SimulationConfig withZone(ZoneId value) {
        return new SimulationConfig(
                persons,
                days,
                seed,
                endDate,
                value,
                preset,
                format,
                gzip,
                sources,
                offlineStore,
                personsPerPart,
                threads,
                purchaseModel,
                identityMix);
    }

    public SimulationConfig withPreset(BusinessPreset value) {
        return new SimulationConfig(
                persons,
                days,
                seed,
                endDate,
                zone,
                value,
                format,
                gzip,
                sources,
                offlineStore,
                personsPerPart,
                threads,
                purchaseModel,
                identityMix);
    }

    public SimulationConfig withFormat(OutputFormat value) {
        return new SimulationConfig(
                persons,
                days,
                seed,
                endDate,
                zone,
                preset,
                value,
                gzip,
                sources,
                offlineStore,
                personsPerPart,
                threads,
                purchaseModel,
                identityMix);
    }

    public SimulationConfig withGzip(boolean value) {
        return new SimulationConfig(
                persons,
                days,
                seed,
                endDate,
                zone,
                preset,
                format,
                value,
                sources,
                offlineStore,
                personsPerPart,
                threads,
                purchaseModel,
                identityMix);
    }

    public SimulationConfig withSources(boolean value) {
        return new SimulationConfig(
                persons,
                days,
                seed,
                endDate,
                zone,
                preset,
                format,
                gzip,
                value,
                offlineStore,
                personsPerPart,
                threads,
                purchaseModel,
                identityMix);
    }

    public SimulationConfig withOfflineStore(boolean value) {
        return new SimulationConfig(
                persons,
                days,
                seed,
                endDate,
                zone,
                preset,
                format,
                gzip,
                sources,
                value,
                personsPerPart,
                threads,
                purchaseModel,
                identityMix);
    }

    public SimulationConfig withPersonsPerPart(int value) {
        return new SimulationConfig(
                persons,
                days,
                seed,
                endDate,
                zone,
                preset,
                format,
                gzip,
                sources,
                offlineStore,
                value,
                threads,
                purchaseModel,
                identityMix);
    }

    public SimulationConfig withThreads(int value) {
        return new SimulationConfig(
                persons,
                days,
                seed,
                endDate,
                zone,
                preset,
                format,
                gzip,
                sources,
                offlineStore,
                personsPerPart,
                value,
                purchaseModel,
                identityMix);
    }

    public SimulationConfig withPurchaseModel(PurchaseModel value) {
        return new SimulationConfig(
                persons,
                days,
                seed,
                endDate,
                zone,
                preset,
                format,
                gzip,
                sources,
                offlineStore,
                personsPerPart,
                threads,
                value,
                identityMix);
    }

    public SimulationConfig withIdentityMix(IdentityMix value) {
        return new SimulationConfig(
                persons,
                days,
                seed,
                endDate,
                zone,
                preset,
                format,
                gzip,
                sources,
                offlineStore,
                personsPerPart,
                threads,
                purchaseModel,
                value);
    }
}
