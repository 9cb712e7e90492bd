package dev.tejun.kernel.guard.release;

import static dev.tejun.kernel.folder.TestGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.folder.Releases;
import dev.tejun.kernel.format.RunbookFormat;
import dev.tejun.kernel.runbook.Problem;
import dev.tejun.kernel.runbook.Runbook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Production runs (a {@code protected} param value) against a real Git repository whose release branch is
 * {@code release}: only the text that branch holds runs; an edit on disk or on a working branch is refused with the
 * branch and what to do; other values run whatever the file holds.
 */
class ReleaseGuardTest {

    static final String TEXT = "---\nparams:\n  env: { default: staging, enum: [staging, prod], protected: [prod] }\n"
            + "---\n# Deploy\n\n```sh {#go}\necho ${params.env}\n```\n";

    @TempDir
    Path repo;

    ReleaseGuard guard;

    @BeforeEach
    void init() throws Exception {
        Files.writeString(repo.resolve("deploy.md"), TEXT);
        git(repo, "init", "-q", "-b", "release");
        git(repo, "add", ".");
        git(repo, "commit", "-q", "-m", "start");
        guard = new ReleaseGuard(new Releases("release", List.of()), repo::resolve);
    }

    private String refusal(String text, String env) {
        return guard.refusal("deploy.md", RunbookFormat.parse(text), Map.of("env", env));
    }

    @Test
    void refusal_protectedValueOfTheReleasedText_none() {
        assertNull(refusal(TEXT, "prod"));
    }

    @Test
    void refusal_protectedValueOfAnEditNotCommitted_refusedNamingBranchAndWhatToDo() throws Exception {
        String edited = TEXT.replace("# Deploy", "# Deploy now");
        Files.writeString(repo.resolve("deploy.md"), edited);

        String why = refusal(edited, "prod");

        assertTrue(why.startsWith("refused: env=prod makes this a production run of deploy.md"), why);
        assertTrue(why.contains("release branch release"), why);
        assertTrue(why.contains("git checkout release -- deploy.md"), why);
        assertNull(refusal(edited, "staging"));
    }

    @Test
    void refusal_committedOnAWorkingBranchOnly_refusedUntilMerged() throws Exception {
        String edited = TEXT.replace("# Deploy", "# Deploy now");
        git(repo, "checkout", "-q", "-b", "tejun/alice");
        Files.writeString(repo.resolve("deploy.md"), edited);
        git(repo, "commit", "-q", "-am", "alice's edit");

        String before = refusal(edited, "prod");
        git(repo, "checkout", "-q", "release");
        git(repo, "merge", "-q", "tejun/alice");

        assertTrue(before.contains("differs from it"), before);
        assertNull(refusal(edited, "prod"));
    }

    @Test
    void enter_protectedValueOfAFileInNoRepository_throwsSayingSo(@TempDir Path plain) throws Exception {
        Files.writeString(plain.resolve("deploy.md"), TEXT);
        ReleaseGuard outside = new ReleaseGuard(Releases.MAIN, plain::resolve);

        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> outside.enter("r1", "deploy.md", RunbookFormat.parse(TEXT), Map.of("env", "prod"), () -> false));

        assertTrue(e.getMessage().contains("in no Git repository"), e.getMessage());
    }

    @Test
    void production_aProtectedChoiceAmongSeveral_isProduction() {
        Runbook runbook =
                RunbookFormat.parse("---\nparams:\n  hosts: { default: web1, protected: [db1, db2] }\n---\n# H\n");

        assertEquals(List.of("hosts=web1,db2"), ReleaseGuard.production(runbook, Map.of("hosts", "web1,db2")));
        assertEquals(List.of(), ReleaseGuard.production(runbook, Map.of("hosts", "web1,web2")));
    }

    @Test
    void parse_protectedValueNotInTheEnum_warns() {
        Runbook runbook =
                RunbookFormat.parse("---\nparams:\n  env: { default: a, enum: [a, b], protected: c }\n---\n# H\n");

        assertEquals(List.of("c"), runbook.metadata().params().get("env").protectedValues());
        assertTrue(
                runbook.problems().stream()
                        .map(Problem::message)
                        .anyMatch(m -> m.contains("protected value 'c' is not in its enum")),
                runbook.problems().toString());
    }

    @Test
    void reviewed_aRunbookInAReviewedFolder_isProtectedWithoutFrontMatter() {
        Releases releases = new Releases("main", List.of("prod/"));

        assertTrue(releases.reviewed("prod/deploy.md", "# Deploy\n"));
        assertEquals(false, releases.reviewed("production.md", "# Deploy\n"));
        assertTrue(releases.reviewed("x.md", "---\nrelease: reviewed\n---\n# X\n"));
    }
}
