package dev.lodestar.core.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Reads and writes {@link ImportMapping}s as YAML ({@code .yaml}, {@code .yml}) or JSON. */
public final class MappingFiles {
    private static final ObjectMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();

    private MappingFiles() {}

    /** Reads a mapping file; YAML unless the name ends with {@code .json}. */
    public static ImportMapping read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new LodestarException(
                    ErrorCode.INVALID_ARGUMENT, "cannot read mapping " + file + ": " + e.getMessage(), e);
        }
        boolean json = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
        try {
            return parse(text, json);
        } catch (IllegalArgumentException e) {
            throw new LodestarException(ErrorCode.INVALID_ARGUMENT, "mapping " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses mapping text (YAML is a superset of JSON, so YAML parsing accepts both). */
    public static ImportMapping parse(String text, boolean json) {
        try {
            return (json ? JSON : YAML).readValue(text, ImportMapping.class);
        } catch (JsonProcessingException e) {
            Throwable cause =
                    e.getCause() instanceof IllegalArgumentException || e.getCause() instanceof NullPointerException
                            ? e.getCause()
                            : e;
            String where =
                    e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new IllegalArgumentException("not a valid mapping" + where + ": " + cause.getMessage(), e);
        }
    }

    public static String toYaml(ImportMapping mapping) {
        try {
            return YAML.writeValueAsString(mapping);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a mapping must serialise", e);
        }
    }

    public static String toJson(ImportMapping mapping) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(mapping);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a mapping must serialise", e);
        }
    }
}
