package dev.lodestar.core.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lodestar.core.identity.Identity;
import dev.lodestar.core.identity.IdentityConfig;
import dev.lodestar.core.identity.IdentityType;
import dev.lodestar.spi.store.ProgressListener;
import dev.lodestar.testing.TestingPostgreSqlServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestJdbcImport {
    @Test
    void importsATableWithChineseTextFromPostgreSql() throws Exception {
        assumeTrue(
                TestingPostgreSqlServer.binaries().isPresent(),
                "PostgreSQL binaries are not installed (/usr/lib/postgresql/*/bin; apt-get install postgresql)");
        try (TestingPostgreSqlServer server = new TestingPostgreSqlServer()) {
            try (Connection c = DriverManager.getConnection(server.jdbcUrl(), TestingPostgreSqlServer.USER, "");
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE 客户 (客户编号 text, 姓名 text, 手机 text, 生日 date, 积分 numeric(10,2), 注册时间 timestamp)");
                s.execute("INSERT INTO 客户 VALUES"
                        + " ('CRM1', '王芳', '138 0013 8000', '1990-05-01', 1200.50, '2024-03-05 09:05:00'),"
                        + " ('CRM2', '李娜', '12345', NULL, NULL, NULL),"
                        + " (NULL, '无名', '无', NULL, NULL, NULL)");
            }
            JdbcRowSource source = new JdbcRowSource(
                    server.jdbcUrl(), TestingPostgreSqlServer.USER, null, "SELECT * FROM 客户 ORDER BY 客户编号 NULLS LAST");
            Importer importer = new Importer(IdentityConfig.defaults(), new ObjectMapper(), 1);
            ImportMapping mapping = importer.inferMapping(source, 100);
            assertThat(mapping.identities())
                    .extracting(ImportMapping.IdentityColumn::type)
                    .containsExactly("crm_id", "phone");
            List<RowOutcome> out = new ArrayList<>();
            importer.run(
                    source,
                    mapping,
                    Instant.parse("2026-03-01T00:00:00Z"),
                    new ImportSink() {
                        @Override
                        public void accept(ImportRecord record) {
                            out.add(record);
                        }

                        @Override
                        public void reject(RowRejection rejection) {
                            out.add(rejection);
                        }

                        @Override
                        public void finish() {}
                    },
                    ProgressListener.NONE);
            assertThat(out).hasSize(3);
            ImportRecord first = (ImportRecord) out.get(0);
            assertThat(first.position().number()).isEqualTo(1);
            assertThat(first.identities())
                    .containsExactly(
                            Identity.of(IdentityType.CRM_ID, "CRM1"),
                            Identity.of(IdentityType.PHONE, "+8613800138000"));
            assertThat(first.traits())
                    .contains(new TraitValue("name", TraitType.STRING, "王芳"))
                    .contains(new TraitValue("birthday", TraitType.DATE, LocalDate.of(1990, 5, 1)))
                    .contains(new TraitValue("created_at", TraitType.DATETIME, Instant.parse("2024-03-05T01:05:00Z")));
            assertThat(((ImportRecord) out.get(1)).issues())
                    .extracting(RowIssue::problem)
                    .containsExactly(RowIssue.Problem.INVALID_PHONE);
            RowRejection third = (RowRejection) out.get(2);
            assertThat(third.position().number()).isEqualTo(3);
            assertThat(third.issues())
                    .extracting(RowIssue::problem)
                    .contains(RowIssue.Problem.BLOCKED_IDENTITY, RowIssue.Problem.MISSING_IDENTITY);
            // the URL in positions and errors never shows a password
            assertThat(JdbcRowSource.redact("jdbc:postgresql://h/db?user=a&password=secret"))
                    .doesNotContain("secret");
        }
    }
}
