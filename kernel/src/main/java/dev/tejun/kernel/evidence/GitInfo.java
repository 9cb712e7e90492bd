package dev.tejun.kernel.evidence;

import java.nio.file.Path;

/**
 * Where a runbook stands in Git: the commit of HEAD and whether the bytes that ran differ from that commit.
 *
 * @param commit   HEAD's commit id, null when the file is not in a Git work tree
 * @param modified true when the file's content is not the one HEAD holds (or HEAD does not hold it)
 */
public record GitInfo(String commit, boolean modified) {

    public static final GitInfo NONE = new GitInfo(null, false);

    /** A one-off lookup; {@link GitLookup} keeps repositories open for servers that ask often. */
    public static GitInfo of(Path file, byte[] content) {
        try (GitLookup lookup = new GitLookup()) {
            return lookup.of(file, content);
        }
    }
}
