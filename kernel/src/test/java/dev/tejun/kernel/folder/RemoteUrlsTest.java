package dev.tejun.kernel.folder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A remote URL's password or token is hidden wherever it would be shown; logins without a secret stay. */
class RemoteUrlsTest {

    @Test
    void shown_passwordOrToken_hidden() {
        assertEquals("https://alice:***@git.example/r.git", RemoteUrls.shown("https://alice:pa55@git.example/r.git"));
        assertEquals("https://***@git.example/r.git", RemoteUrls.shown("https://ghp_abc123@git.example/r.git"));
    }

    @Test
    void shown_noSecret_unchanged() {
        assertEquals("ssh://git@git.example/r.git", RemoteUrls.shown("ssh://git@git.example/r.git"));
        assertEquals("git@git.example:r.git", RemoteUrls.shown("git@git.example:r.git"));
        assertEquals("/srv/git/r.git", RemoteUrls.shown("/srv/git/r.git"));
        assertEquals("https://git.example/r.git", RemoteUrls.shown("https://git.example/r.git"));
    }

    @Test
    void masked_anErrorQuotingTheSecretAsWrittenOrDecoded_hidesIt() {
        String url = "https://alice:p%40ss@git.example/r.git";

        assertEquals(
                "fetch from https://alice:***@git.example/r.git failed: bad login alice/***, *** refused",
                RemoteUrls.masked(url, "fetch from " + url + " failed: bad login alice/p%40ss, p@ss refused"));
    }
}
